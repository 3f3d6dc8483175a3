package dev.gpufit.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpufit.model.ModelCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Issue 6's bounds over the public engine logs (a copy in src/test/resources): on every case
 * whose architecture and settings are known, weights within 1 %, KV within 0.5 %, llama.cpp
 * compute buffers within 15 %, vLLM KV token capacity within 3 %, totals within 5 %. What is
 * not held to a bound is listed here with its reason, so a new exclusion is a deliberate change.
 */
class GroundTruthBoundsTest {
    static final List<GroundTruthCase> CASES = load();
    static final List<CaseResult> RESULTS = new Validator(ModelCatalog.builtin()).run(CASES);

    /** Cases not run at all. */
    static final Set<String> EXCLUDED_CASES = Set.of("C03", "D04");
    /** Bounded terms not held to their bound. */
    static final Set<String> EXCLUDED_TERMS =
            Set.of("A13/compute_host", "A17/total", "B05/weights", "B07/weights", "B09/kv_tokens");

    static List<GroundTruthCase> load() {
        try (InputStream in = GroundTruthBoundsTest.class.getResourceAsStream("/groundtruth/engine-logs.jsonl")) {
            return GroundTruthFile.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "test copy");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyCaseIsReportedNoneDropped() {
        assertEquals(21, CASES.size());
        assertEquals(
                CASES.stream().map(GroundTruthCase::id).toList(),
                RESULTS.stream().map(CaseResult::id).toList());
    }

    @Test
    void exclusionsAreExactlyTheReasonedOnes() {
        Set<String> cases = RESULTS.stream()
                .filter(r -> r.excluded() != null)
                .map(CaseResult::id)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(EXCLUDED_CASES), cases);
        Map<String, String> terms = new TreeMap<>();
        for (CaseResult r : RESULTS) {
            for (Check c : r.checks()) {
                if (c.excluded() != null) {
                    terms.put(r.id() + "/" + c.term(), c.excluded());
                }
            }
        }
        assertEquals(new TreeSet<>(EXCLUDED_TERMS), terms.keySet());
        RESULTS.stream()
                .filter(r -> r.excluded() != null)
                .forEach(r -> assertTrue(r.excluded().length() > 20, r.id()));
        terms.forEach((k, why) -> assertTrue(why.length() > 20, k));
    }

    @TestFactory
    Stream<DynamicTest> everyBoundedTermIsWithinItsBound() {
        return RESULTS.stream()
                .filter(r -> r.excluded() == null)
                .flatMap(r -> r.checks().stream()
                        .filter(c -> c.boundPct() != null && c.excluded() == null)
                        .map(c -> DynamicTest.dynamicTest(r.id() + " " + c.term(), () -> {
                            Boolean within = c.within();
                            assertNotNull(within);
                            assertTrue(
                                    within,
                                    String.format(
                                            "%s %s: logged %.0f, estimated %.0f, error %.3f %% > %.1f %%",
                                            r.id(), c.term(), c.logged(), c.estimated(), c.errorPct(), c.boundPct()));
                        })));
    }

    @Test
    void theBoundsAreTheIssuesAndEachRunCaseChecksItsTerms() {
        for (CaseResult r : RESULTS) {
            if (r.excluded() != null) {
                continue;
            }
            Map<String, Double> bounds = r.checks().stream()
                    .filter(c -> c.boundPct() != null)
                    .collect(Collectors.toMap(Check::term, Check::boundPct));
            if (r.profile().equals("transformers")) {
                assertEquals(Bounds.TOTAL, bounds.get("total"), r.id());
            } else if (r.profile().equals("vllm")) {
                assertTrue(bounds.containsKey("kv_tokens"), r.id());
                assertEquals(Bounds.VLLM_KV_TOKENS, bounds.get("kv_tokens"));
            } else {
                assertEquals(Bounds.WEIGHTS, bounds.get("weights"), r.id());
                assertEquals(Bounds.KV, bounds.get("kv"), r.id());
                assertEquals(Bounds.LLAMA_CPP_COMPUTE, bounds.get("compute"), r.id());
                assertEquals(Bounds.TOTAL, bounds.get("total"), r.id());
            }
        }
    }

    @Test
    void gpufitBeatsTheSeedFormulaOnEveryLlamaCppTotal() {
        for (CaseResult r : RESULTS) {
            if (!r.profile().equals("llama.cpp") && !r.profile().equals("ollama")) {
                continue; // transformers D01: weights are 98 % of the total, so the seed formula is as close
            }
            r.checks().stream()
                    .filter(c -> c.term().equals("total") && c.seed() != null)
                    .forEach(c -> assertTrue(Math.abs(c.errorPct()) < Math.abs(c.seedErrorPct()), r.id()));
        }
        assertFalse(RESULTS.isEmpty());
    }
}
