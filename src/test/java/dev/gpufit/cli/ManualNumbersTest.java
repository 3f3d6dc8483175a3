package dev.gpufit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Manual numbers pass the same checks as a model read from its files, and errors name the options. */
class ManualNumbersTest {
    private static CliRun manual(String... more) {
        String[] base = {"estimate", "--params", "7e9", "--layers", "32", "--hidden", "4096", "--format", "json"};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return CliRun.of(all);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--heads 7 | --heads 7 does not divide --hidden 4096; give --head-dim",
                "--heads 32 --kv-heads 5 | --kv-heads 5 KV heads do not divide --heads 32 attention heads",
                "--heads 32 --kv-heads 64 | --kv-heads 64 exceeds the 32 attention heads",
            })
    void inconsistentNumbersAreBadInputNamingTheOptions(String options, String message) {
        CliRun r = manual(options.strip().split(" "));
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains(message), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void layersAreCappedLikeAModelFile() {
        CliRun r = CliRun.of("estimate", "--params", "7e9", "--layers", "5000", "--hidden", "4096");
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains("manual numbers: --layers 5000 is outside 1..4096"), r.err());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--heads 32 --kv-heads 8 | 128",
                "--heads 7 --head-dim 128 | 128",
                "--head-dim 64 | 64",
                "'' | 128",
            })
    void consistentNumbersAreAccepted(String options, int headDim) {
        CliRun r = options.isBlank() ? manual() : manual(options.strip().split(" "));
        assertEquals(0, r.code(), r.err());
        assertEquals(headDim, r.json().get("model").get("head_dim").asInt(), r.out());
    }
}
