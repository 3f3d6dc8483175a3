package dev.gpufit.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * The training workload for the launcher's class-data archive (AppCDS on JDK 17, the AOT cache on
 * JDK 25+): runs each command once with stdout and stderr discarded, so that the classes they load
 * are in the archive. Never fails and never prints: whatever goes wrong only makes the archive
 * smaller. The probe is bounded by a short timeout, so a hung driver costs this one run a second.
 */
final class Training {
    private static final String MODEL = "llama-3.1-8b";

    private Training() {}

    static void run() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        out.flush();
        err.flush();
        PrintStream nothing = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
        System.setOut(nothing);
        System.setErr(nothing);
        Path dir = null;
        try {
            dir = Files.createTempDirectory("gpufit-train");
            Files.writeString(dir.resolve("config.json"), """
                    {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 2048,
                     "intermediate_size": 8192, "num_hidden_layers": 16, "num_attention_heads": 32,
                     "num_key_value_heads": 8, "head_dim": 64, "vocab_size": 128256,
                     "max_position_embeddings": 131072, "tie_word_embeddings": true, "torch_dtype": "bfloat16"}
                    """);
            for (List<String> args : commands(dir)) {
                execute(args);
            }
        } catch (IOException | RuntimeException | LinkageError e) {
            // a smaller archive, nothing worse
        } finally {
            delete(dir);
            System.setOut(out);
            System.setErr(err);
        }
    }

    static List<List<String>> commands(Path modelDir) {
        String timeout = "--probe-timeout=1s";
        List<List<String>> c = new ArrayList<>();
        c.add(List.of("--version"));
        c.add(List.of("--help"));
        c.add(List.of("estimate", MODEL));
        c.add(List.of("estimate", MODEL, "--format", "json"));
        c.add(List.of("estimate", MODEL, "--format", "csv", "--context", "8k", "--method", "seed"));
        c.add(List.of("estimate", modelDir.toString()));
        c.add(List.of("estimate", "--params", "7e9", "--layers", "32", "--hidden", "4096"));
        c.add(List.of("devices", timeout));
        c.add(List.of("devices", timeout, "--format", "json"));
        c.add(List.of("fit", MODEL, timeout));
        c.add(List.of("fit", MODEL, timeout, "--format", "json"));
        c.add(List.of("fit", MODEL, "--device", "catalog:h100-80gb:2", "--format", "csv"));
        c.add(List.of("plan", MODEL, "--device", "catalog:h100-80gb"));
        c.add(List.of("catalog"));
        c.add(List.of("catalog", "devices"));
        c.add(List.of("estimate", "no-such-model-for-training"));
        c.add(List.of("fit", "--no-such-option"));
        return c;
    }

    private static void execute(List<String> args) {
        try {
            CommandLine cl = Cli.commandLine();
            PrintWriter nothing = new PrintWriter(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
            cl.setOut(nothing);
            cl.setErr(nothing);
            cl.execute(args.toArray(String[]::new));
        } catch (RuntimeException | LinkageError e) {
            // next command
        }
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try {
            Files.deleteIfExists(dir.resolve("config.json"));
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a temp dir left behind
        }
    }
}
