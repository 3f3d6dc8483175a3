package dev.gpufit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.gpufit.testing.FakeNvml;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet that config/prometheus/tests/gpufit-rules-test.yml feeds the recording rules, alerts
 * and dashboard queries is written by hand; this keeps it the agent's page: the same gpufit_*
 * metrics with the same label names (plus the job, instance and node the scrape configs add), so
 * a renamed metric or label fails here rather than silently emptying the rules in production.
 */
@Timeout(90)
class PrometheusRulesDataTest {
    static final Path RULES_TEST = Path.of("config/prometheus/tests/gpufit-rules-test.yml");
    static final Set<String> SCRAPE_LABELS = Set.of("job", "instance", "node");
    static final Pattern SAMPLE = Pattern.compile("^(gpufit_[a-z_]+)(?:\\{(.*)})?\\s");
    static final Pattern TEST_SERIES = Pattern.compile("series: '(gpufit_[a-z_]+)(?:\\{(.*)})?'");
    static final Pattern LABEL_NAME = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=\"(?:[^\"\\\\]|\\\\.)*\"");

    @TempDir
    Path tmp;

    @Test
    void rulesTestDataHasTheAgentsMetricsAndLabels() throws Exception {
        AgentEndToEndTest agent = new AgentEndToEndTest();
        agent.tmp = tmp;
        Map<String, Set<Set<String>>> page;
        try {
            String base = agent.start(FakeNvml.TWO_H100, "--watch", "llama-3.1-8b@8192,qwen2.5-7b");
            page = labelNames(agent.get(base + "/metrics").body(), SAMPLE, Set.of());
        } finally {
            agent.stop();
        }
        Map<String, Set<Set<String>>> testData =
                labelNames(Files.readString(RULES_TEST, StandardCharsets.UTF_8), TEST_SERIES, SCRAPE_LABELS);

        assertFalse(page.isEmpty(), "no gpufit_ metrics on the agent's page");
        assertEquals(page.keySet(), testData.keySet(), "gpufit_ metrics: agent page vs " + RULES_TEST);
        assertEquals(page, testData, "label names per metric: agent page vs " + RULES_TEST);
    }

    /** Metric name to the label-name sets its series carry, less the labels to ignore. */
    static Map<String, Set<Set<String>>> labelNames(String text, Pattern series, Set<String> ignore) {
        Map<String, Set<Set<String>>> out = new TreeMap<>();
        for (String line : text.lines().map(String::strip).toList()) {
            Matcher m = series.matcher(line);
            if (!m.find()) {
                continue;
            }
            Set<String> names = new TreeSet<>();
            if (m.group(2) != null) {
                Matcher l = LABEL_NAME.matcher(m.group(2));
                while (l.find()) {
                    names.add(l.group(1));
                }
            }
            names.removeAll(ignore);
            out.computeIfAbsent(m.group(1), k -> new HashSet<>()).add(names);
        }
        return out;
    }
}
