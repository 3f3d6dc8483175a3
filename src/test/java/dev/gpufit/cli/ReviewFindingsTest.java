package dev.gpufit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The findings of the user review of fit/plan advice and presentation, each pinned by the command line. */
class ReviewFindingsTest {

    @Test
    void llamaCppRefusesTensorParallelBecauseItSplitsLayers() {
        for (String engine : new String[] {"llama.cpp", "ollama"}) {
            CliRun r = CliRun.of("estimate", "llama-3.1-70b", "--engine", engine, "--dtype", "q4_k_m", "--tp", "2");
            assertEquals(ExitCodes.BAD_INPUT, r.code(), r.out() + r.err());
            assertTrue(r.err().contains("splits layers across GPUs"), r.err());
            assertTrue(r.err().contains("--gpu-layers N"), r.err());
            assertFalse(r.out().contains("per device for tensor parallel"), r.out());
        }
        CliRun fit = CliRun.of("fit", "llama-3.1-70b", "--engine", "llama.cpp", "--dtype", "q4_k_m",
                "--device", "catalog:h100-80gb:2", "--tp", "2");
        assertEquals(ExitCodes.BAD_INPUT, fit.code(), fit.out() + fit.err());
    }

    @Test
    void llamaCppAdviceIsTheLargestGpuLayersThatFitNotATensorParallelSplit() {
        CliRun r = CliRun.of("fit", "llama-3.1-70b", "--engine", "llama.cpp", "--dtype", "q4_k_m",
                "--device", "catalog:rtx-4090", "--format", "json");
        assertEquals(ExitCodes.DOES_NOT_FIT, r.code(), r.err());
        String advice = r.json().get("advice").toString();
        assertFalse(advice.contains("such devices"), advice);
        assertFalse(advice.contains("--tp"), advice);
        Matcher m = Pattern.compile("--gpu-layers (\\d+) of 80").matcher(advice);
        assertTrue(m.find(), advice);
        int ngl = Integer.parseInt(m.group(1));
        assertTrue(ngl > 0 && ngl < 80, advice);
        // the exact boundary: N layers fit, N + 1 do not
        assertEquals(ExitCodes.OK, CliRun.of("fit", "llama-3.1-70b", "--engine", "llama.cpp", "--dtype", "q4_k_m",
                "--device", "catalog:rtx-4090", "--gpu-layers", Integer.toString(ngl)).code());
        assertEquals(ExitCodes.DOES_NOT_FIT, CliRun.of("fit", "llama-3.1-70b", "--engine", "llama.cpp", "--dtype", "q4_k_m",
                "--device", "catalog:rtx-4090", "--gpu-layers", Integer.toString(ngl + 1)).code());
    }
}
