package dev.gpufit.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpufit.BadInputException;
import dev.gpufit.model.ModelCatalog;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValidatorTest {
    final Validator validator = new Validator(ModelCatalog.builtin());

    @Test
    void aCaseWithoutArchitectureIsListedWithTheReason() {
        GroundTruthCase c = GroundTruthFile.parse(
                        "{\"id\": \"X1\", \"engine\": \"llama.cpp\", \"model\": \"mystery\"}", "t")
                .get(0);
        CaseResult r = validator.run(c);
        assertTrue(r.excluded().startsWith("architecture not known"), r.excluded());
    }

    @Test
    void catalogPresetFillsWhatTheCaseLeavesOut() {
        String line =
                "{\"id\": \"X2\", \"engine\": \"llama.cpp\", \"model\": \"Qwen3-32B\", \"arch\": {\"n_layer\": 64},"
                        + " \"quant\": \"Q4_0\", \"n_ctx\": 4096, \"n_ubatch\": 512, \"flash_attn\": true,"
                        + " \"measured\": {\"kv_mib\": 1024.0}}";
        CaseResult r = validator.run(GroundTruthFile.parse(line, "t").get(0));
        Check kv = r.checks().stream()
                .filter(c -> c.term().equals("kv"))
                .findFirst()
                .orElseThrow();
        assertEquals(1024.0 * (1 << 20), kv.estimated()); // 64 layers x 8 heads x 128 x 2 x 2 bytes x 4096
        assertTrue(r.notes().get(0).contains("qwen3-32b"), r.notes().toString());
    }

    @Test
    void malformedLinesAreBadInputWithTheLineNumber() {
        BadInputException e = assertThrows(
                BadInputException.class, () -> GroundTruthFile.parse("# c\n{\"id\": \"a\"}\n{nope", "f.jsonl"));
        assertTrue(e.getMessage().startsWith("f.jsonl line 3"), e.getMessage());
        assertThrows(BadInputException.class, () -> GroundTruthFile.parse("[1]", "f"));
        assertEquals(List.of(), GroundTruthFile.parse("\n# only comments\n", "f"));
    }

    @Test
    void numbersAreReadFromAnnotatedText() {
        GroundTruthCase c = GroundTruthFile.parse(
                        "{\"id\": \"x\", \"gpu_memory_utilization\": \"0.9 (default)\","
                                + " \"n_ctx\": \"not stated\"}",
                        "t")
                .get(0);
        assertEquals(0.9, c.number("gpu_memory_utilization").orElseThrow(), 1e-12);
        assertTrue(c.number("n_ctx").isEmpty());
    }
}
