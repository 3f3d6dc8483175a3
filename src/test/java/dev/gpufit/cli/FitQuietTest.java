package dev.gpufit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@code fit --quiet}: the verdict line alone on stdout, for a script's log; the exit code as without it. */
class FitQuietTest {
    @Test
    void printsOnlyTheVerdictLine() {
        CliRun fits = CliRun.of("fit", "llama-3.1-8b", "--context", "8192", "--device", "catalog:h100-80gb", "--quiet");
        assertEquals(ExitCodes.OK, fits.code(), fits.err());
        assertEquals("verdict: FITS\n", fits.out().replace("\r\n", "\n"));

        CliRun not = CliRun.of("fit", "llama-3.1-70b", "--dtype", "bf16", "--device", "catalog:rtx-4090", "--quiet");
        assertEquals(ExitCodes.DOES_NOT_FIT, not.code(), not.err());
        assertEquals("verdict: DOES NOT FIT\n", not.out().replace("\r\n", "\n"));
    }

    @Test
    void keepsTheWarningsOnStderr() {
        CliRun r = CliRun.of("fit", "phi-3-mini-4k", "--context", "32768", "--device", "catalog:h100-80gb", "--quiet");
        assertEquals("verdict: FITS\n", r.out().replace("\r\n", "\n"));
        assertEquals(
                1,
                r.err()
                        .lines()
                        .filter(l -> l.startsWith("gpufit: warning: --context 32768"))
                        .count(),
                r.err());
    }
}
