package dev.gpufit.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gpufit.BadInputException;
import dev.gpufit.estimate.Engine;
import dev.gpufit.estimate.Platform;
import dev.gpufit.estimate.Workload;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The request's checks name each field in the asking surface's words, and accept what they accepted. */
class WorkloadRequestTest {
    /** A surface that spells fields in capitals, so a message built from anything else shows. */
    static final FieldNames SHOUT = new FieldNames() {
        @Override
        public String of(Field field) {
            return field.name().toUpperCase(Locale.ROOT);
        }

        @Override
        public String setting(Field field, Object value) {
            return of(field) + ":" + value;
        }
    };

    static String error(WorkloadRequest r) {
        return assertThrows(BadInputException.class, () -> r.toWorkload(Platform.LINUX, SHOUT))
                .getMessage();
    }

    static WorkloadRequest of(Integer batch, Long context, String dtype, String kv, String engine, Integer tp) {
        return new WorkloadRequest(batch, context, dtype, kv, engine, null, null, null, tp);
    }

    @Test
    void eachRefusalNamesTheFieldAsTheSurfaceSpellsIt() {
        assertEquals("BATCH must be at least 1, got 0", error(of(0, null, null, null, null, null)));
        assertEquals("CONTEXT must be at least 1 token, got 0", error(of(null, 0L, null, null, null, null)));
        assertEquals("TP must be at least 1, got 0", error(of(null, null, null, null, null, 0)));
        assertEquals(
                "unknown KV_DTYPE 'q9'; valid: f32, f16, bf16, fp8, q8_0, q5_1, q5_0, q4_1, q4_0, iq4_nl",
                error(of(null, null, null, "q9", null, null)));
        assertEquals(true, error(of(null, null, "q9", null, null, null)).startsWith("unknown DTYPE 'q9'; valid: "));
        assertEquals(
                true, error(of(null, null, null, null, "Nope", null)).startsWith("unknown ENGINE 'Nope'; available: "));
    }

    @Test
    void defaultsAndSpellingsAreTheCommandLinesOwn() {
        Workload w = WorkloadRequest.defaults().toWorkload(Platform.MAC, SHOUT);
        assertEquals(
                new Workload(1, null, null, null, Engine.GENERIC, w.method(), Platform.MAC, 1, w.engineOptions()), w);
        assertEquals(0, w.engineOptions().size());
        Workload v = of(4, 8192L, "Q4_K_M", "FP8", "vLLM", 2).toWorkload(Platform.LINUX, SHOUT);
        assertEquals("q4_k_m", v.weightDtype().spelling());
        assertEquals("fp8", v.kvDtype().spelling());
        assertEquals(Engine.VLLM, v.engine());
        assertEquals(2, v.tensorParallel());
        assertEquals(Platform.LINUX, v.platform());
    }
}
