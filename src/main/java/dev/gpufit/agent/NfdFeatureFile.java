package dev.gpufit.agent;

import dev.gpufit.BadInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * The Node Feature Discovery local-source file ({@code features.d/gpufit}): {@code key=value}
 * lines, comments, and an optional {@code # +expiry-time} so that labels of a node whose
 * writer died disappear instead of claiming a fit forever. Written to a dot file (which
 * nfd-worker ignores) and renamed, so the worker never reads half a file.
 */
public final class NfdFeatureFile {
    /** nfd-worker ignores feature files above 64 kB. */
    static final int MAX_BYTES = 64 * 1000;

    private NfdFeatureFile() {}

    public static String render(Map<String, String> labels, Instant expiry, String generatedBy) {
        StringBuilder sb = new StringBuilder();
        sb.append("# written by ").append(generatedBy).append("; do not edit, it is rewritten\n");
        if (expiry != null) {
            sb.append("# +expiry-time=")
                    .append(DateTimeFormatter.ISO_INSTANT.format(expiry.truncatedTo(ChronoUnit.SECONDS)))
                    .append('\n');
        }
        labels.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        if (sb.length() > MAX_BYTES) {
            throw new IllegalArgumentException("more labels than a feature file may hold (64 kB); watch fewer models");
        }
        return sb.toString();
    }

    /**
     * Fails before any probing when {@code file} cannot be written: its directory is missing or
     * not writable, or it names a directory. {@code option} is how the user named it.
     */
    public static void checkWritable(Path file, String option) {
        Path dir = file.toAbsolutePath().getParent();
        if (Files.isDirectory(file)) {
            throw new BadInputException(option + " " + file + " is a directory; name a file in it");
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw new BadInputException(option + " " + file + ": no such directory " + dir);
        }
        if (!Files.isWritable(dir)) {
            throw new BadInputException(option + " " + file + ": directory " + dir + " is not writable");
        }
    }

    public static void write(Path file, String content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
