package dev.gpufit.report;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gpufit.Bytes;
import dev.gpufit.estimate.engine.VllmCapacity;
import java.util.Locale;

/** vLLM's KV capacity on one device, as text lines and as the JSON keys fit and estimate use. */
public final class VllmCapacityReport {
    private VllmCapacityReport() {}

    /** Keys added to a device (fit) or to the estimate's "vllm" object. */
    public static void put(ObjectNode o, VllmCapacity c) {
        o.put("device_total_bytes", c.deviceTotalBytes());
        o.put("vllm_budget_bytes", c.budgetBytes());
        o.put("kv_cache_bytes", c.kvCacheBytes());
        o.put("gpu_blocks", c.gpuBlocks());
        o.put("kv_cache_tokens", c.kvCacheTokens());
        o.put("max_concurrency", concurrency(c.maxConcurrency()));
        o.put("fits", c.fits());
        o.put("outside_budget_bytes", c.outsideBudgetBytes());
        o.put("reason", c.reason());
    }

    /**
     * Max concurrency as vLLM prints it ("%.2fx": rounded to 2 decimals), the one formatting for the
     * reason, the summary line and the JSON.
     */
    public static double concurrency(double c) {
        return Double.parseDouble(String.format(Locale.ROOT, "%.2f", c));
    }

    public static ObjectNode toNode(VllmCapacity c) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        put(o, c);
        return o;
    }

    /** Two lines: the figures, then vLLM's own words for them (or why it would not start). */
    public static String text(VllmCapacity c) {
        return summary(c) + String.format(Locale.ROOT, "  %s%n", c.reason());
    }

    /** One line: budget, KV memory, blocks, tokens and concurrency on the device. */
    public static String summary(VllmCapacity c) {
        return String.format(
                Locale.ROOT,
                "vLLM on a device of %s GiB: budget %s GiB, KV cache %s GiB = %,d blocks = %,d tokens,"
                        + " max concurrency %.2fx%s%n",
                Bytes.gib(c.deviceTotalBytes()),
                Bytes.gib(c.budgetBytes()),
                Bytes.gib(c.kvCacheBytes()),
                c.gpuBlocks(),
                c.kvCacheTokens(),
                concurrency(c.maxConcurrency()),
                c.fits() ? "" : " (does not fit)");
    }
}
