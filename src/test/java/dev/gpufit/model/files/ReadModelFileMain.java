package dev.gpufit.model.files;

import dev.gpufit.BadInputException;
import dev.gpufit.model.gguf.GgufReader;
import dev.gpufit.model.safetensors.SafetensorsReader;
import java.nio.file.Path;

/**
 * A small command-line driver over the model file readers with the CLI's error contract (exit
 * 2 and one "gpufit: ..." line on stderr for bad input), for tests that run it in a separate
 * JVM with a small heap. {@code --each FILE...} reads every file in the same JVM and prints
 * one "exit=N" line per file to stdout, so many hostile files share one 64 MB heap.
 */
public final class ReadModelFileMain {
    private ReadModelFileMain() {}

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("--each")) {
            for (int i = 1; i < args.length; i++) {
                try {
                    read(Path.of(args[i]));
                    System.out.println("exit=0 " + args[i]);
                } catch (BadInputException e) {
                    System.out.println("exit=2 " + e.getMessage());
                }
            }
            System.exit(0);
        }
        try {
            System.out.println(read(Path.of(args[0])));
            System.exit(0);
        } catch (BadInputException e) {
            System.err.println("gpufit: " + e.getMessage());
            System.exit(2);
        }
    }

    private static String read(Path p) {
        if (GgufReader.isGguf(p)) {
            return "weights " + GgufReader.read(p).weights().bytes();
        }
        return "weights " + SafetensorsReader.read(p).bytes();
    }
}
