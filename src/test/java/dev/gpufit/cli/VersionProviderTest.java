package dev.gpufit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class VersionProviderTest {
    @Test
    void versionNamesTheVersionTheCommitAndTheRuntime() {
        CliRun run = CliRun.of("--version");
        assertEquals(0, run.code(), run.err());
        String[] lines = run.out().split("\\R");
        assertEquals(2, lines.length, run.out());
        // Maven filtered both: a version number, and a commit hash (or "unknown" outside git)
        assertTrue(
                Pattern.matches("gpufit \\d+\\.\\d+\\.\\d+\\S* \\(commit ([0-9a-f]{12}(-dirty)?|unknown)\\)", lines[0]),
                lines[0]);
        assertTrue(lines[1].startsWith("runtime: "), lines[1]);
        assertTrue(lines[1].contains(System.getProperty("java.runtime.version")), lines[1]);
        assertTrue(lines[1].contains("(" + System.getProperty("java.home") + ")"), lines[1]);
    }
}
