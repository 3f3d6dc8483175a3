package dev.gpufit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * A model argument that is clearly a path but names nothing is "no such file or directory"
 * (exit 2), not an unknown catalog id with unrelated suggestions.
 */
class MissingPathTest {
    @Test
    void aMissingModelDirectoryIsNoSuchFile() {
        CliRun r = CliRun.of("estimate", "./Qwen2.5-7B-Instruct");
        assertEquals(2, r.code(), r.err());
        assertEquals(
                "gpufit: ./Qwen2.5-7B-Instruct: no such file or directory",
                r.err().strip());
    }

    @Test
    void aMissingGgufFileIsNoSuchFile() {
        CliRun r = CliRun.of("estimate", "model-Q4_K_M.gguf");
        assertEquals(2, r.code(), r.err());
        assertEquals(
                "gpufit: model-Q4_K_M.gguf: no such file or directory", r.err().strip());
    }

    @Test
    void anUnknownCatalogIdStillGetsSuggestions() {
        CliRun r = CliRun.of("estimate", "llama-3.1-9b");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("closest catalog ids: llama-3.1-8b"), r.err());
    }

    @Test
    void helpOnEverySubcommandExitsZero() {
        for (String cmd : new String[] {"devices", "estimate", "fit", "plan", "catalog", "agent", "fleet", "nfd"}) {
            for (String flag : new String[] {"--help", "-h"}) {
                CliRun r = CliRun.of(cmd, flag);
                assertEquals(0, r.code(), cmd + " " + flag + ": " + r.err());
                assertTrue(r.out().startsWith("Usage: gpufit " + cmd), cmd + " " + flag + ": " + r.out());
            }
        }
    }
}
