package dev.gpufit.fleet;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Turns the command's arguments into sources: {@code -} is standard input, {@code http(s)://}
 * an agent, a directory its regular non-hidden files (not recursive, sorted by name), anything
 * else a file. Arguments that name nothing become failures, not errors: they never stop the rest.
 */
public final class SourceExpander {
    /** @param sources what to read, in order; @param failures arguments that name nothing readable */
    public record Expanded(List<FleetSource> sources, List<SourceFailure> failures) {}

    private SourceExpander() {}

    public static Expanded expand(List<String> args) {
        List<FleetSource> out = new ArrayList<>();
        List<SourceFailure> failures = new ArrayList<>();
        boolean stdinSeen = false;
        for (String arg : args) {
            String lower = arg.toLowerCase(Locale.ROOT);
            if (arg.equals("-")) {
                if (!stdinSeen) {
                    out.add(new FleetSource.Stdin());
                    stdinSeen = true;
                }
            } else if (lower.startsWith("http://") || lower.startsWith("https://")) {
                try {
                    URI uri = new URI(arg);
                    if (uri.getHost() == null) {
                        failures.add(new SourceFailure(arg, "not a URL with a host"));
                    } else {
                        out.add(new FleetSource.Agent(uri));
                    }
                } catch (URISyntaxException e) {
                    failures.add(new SourceFailure(arg, "not a valid URL: " + e.getReason()));
                }
            } else {
                Path p = Path.of(arg);
                if (Files.isDirectory(p)) {
                    directory(p, arg, out, failures);
                } else if (Files.exists(p)) {
                    out.add(new FleetSource.File(p, arg));
                } else {
                    failures.add(new SourceFailure(arg, "no such file or directory"));
                }
            }
        }
        return new Expanded(out, failures);
    }

    private static void directory(Path dir, String arg, List<FleetSource> out, List<SourceFailure> failures) {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> sorted = files.filter(f -> !f.getFileName().toString().startsWith("."))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
            if (sorted.isEmpty()) {
                failures.add(new SourceFailure(arg, "directory holds no report files"));
            }
            for (Path f : sorted) {
                out.add(new FleetSource.File(f, f.toString()));
            }
        } catch (IOException e) {
            failures.add(new SourceFailure(
                    arg, "cannot list directory: " + e.getClass().getSimpleName()));
        }
    }
}
