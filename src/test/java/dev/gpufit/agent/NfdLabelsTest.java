package dev.gpufit.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpufit.fit.Budget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NfdLabelsTest {
    /** Kubernetes' rule for label values and name parts, as an oracle independent of NfdLabels' cleaning. */
    private static final Pattern VALID = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");

    static boolean isValidValue(String v) {
        return v.isEmpty() || (v.length() <= 63 && VALID.matcher(v).matches());
    }

    @TempDir
    Path dir;

    @Test
    void labelsSayWhatTheNodeHasAndWhatFits() {
        List<Watch> watches = Watch.parseAll(List.of("small,big@32768", "meta-llama/Llama-3.1-8B"));
        WatchEvaluator eval = new WatchEvaluator(AgentFixtures.FITS, watches, Budget.TOTAL);
        List<dev.gpufit.device.Device> devices = List.of(AgentFixtures.H100, AgentFixtures.L4);
        Map<String, String> labels =
                NfdLabels.labels(devices, watches, eval.evaluate(AgentFixtures.inventory(devices)));
        assertEquals("2", labels.get("gpufit.dev/gpu-count"));
        assertEquals("22", labels.get("gpufit.dev/gpu-memory-gib")); // the L4, 22.49 GiB
        assertEquals("mixed", labels.get("gpufit.dev/gpu-model"));
        assertEquals("true", labels.get("gpufit.dev/fits.small"));
        assertEquals("69", labels.get("gpufit.dev/headroom-gib.small"));
        assertEquals("true", labels.get("gpufit.dev/fits.big.ctx32768"));
        assertEquals("true", labels.get("gpufit.dev/fits.meta-llama_Llama-3.1-8B"));
        labels.forEach((k, v) -> {
            assertTrue(isValidValue(v), v);
            assertTrue(isValidValue(k.substring(NfdLabels.PREFIX.length())), k);
        });
    }

    @Test
    void aModelThatFitsNowhereIsFalseWithoutHeadroom() {
        List<Watch> watches = Watch.parseAll(List.of("big"));
        WatchEvaluator eval = new WatchEvaluator(AgentFixtures.FITS, watches, null);
        Map<String, String> labels = NfdLabels.labels(
                List.of(AgentFixtures.L4), watches, eval.evaluate(AgentFixtures.inventory(List.of(AgentFixtures.L4))));
        assertEquals("false", labels.get("gpufit.dev/fits.big"));
        assertEquals(null, labels.get("gpufit.dev/headroom-gib.big"));
        assertEquals("NVIDIA-L4", labels.get("gpufit.dev/gpu-model"));
    }

    @Test
    void namesAndValuesAreSanitized() {
        assertEquals("NVIDIA-H100-80GB-HBM3", NfdLabels.value("NVIDIA H100 80GB HBM3"));
        assertEquals("a-b", NfdLabels.value("--a  b__"));
        String longName = NfdLabels.name("fits." + "x".repeat(100));
        assertEquals(NfdLabels.PREFIX.length() + 63, longName.length());
        assertTrue(isValidValue(longName.substring(NfdLabels.PREFIX.length())));
        assertTrue(!NfdLabels.name("fits." + "x".repeat(100)).equals(NfdLabels.name("fits." + "x".repeat(101))));
        assertEquals(63, NfdLabels.value("v".repeat(80)).length());
    }

    @Test
    void theFeatureFileIsWrittenWholeWithAnExpiry() throws Exception {
        Path f = dir.resolve("gpufit");
        String text = NfdFeatureFile.render(
                Map.of("gpufit.dev/gpu-count", "8"), Instant.parse("2030-01-02T03:04:05.678Z"), "gpufit nfd");
        NfdFeatureFile.write(f, text);
        assertEquals(
                "# written by gpufit nfd; do not edit, it is rewritten\n# +expiry-time=2030-01-02T03:04:05Z\n"
                        + "gpufit.dev/gpu-count=8\n",
                Files.readString(f));
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count()); // no temporary file left behind
        }
    }
}
