package dev.gpufit.app;

import dev.gpufit.BadInputException;
import dev.gpufit.TokenCount;
import dev.gpufit.estimate.Engine;
import dev.gpufit.estimate.EngineProfiles;
import dev.gpufit.estimate.EngineSettings;
import dev.gpufit.estimate.KvDtype;
import dev.gpufit.estimate.KvPrecision;
import dev.gpufit.estimate.Method;
import dev.gpufit.estimate.Platform;
import dev.gpufit.estimate.WeightDtypes;
import dev.gpufit.estimate.WeightPrecision;
import dev.gpufit.estimate.Workload;
import java.util.List;
import java.util.Map;

/**
 * The workload of a question as a surface received it; {@code null} means the default for every
 * field. {@link #toWorkload} validates it, naming fields in the asking surface's words.
 *
 * @param batch          concurrent sequences (default 1)
 * @param context        tokens per sequence (default: the model's or engine's)
 * @param dtype          weight precision or GGUF type (default: as stored)
 * @param kvDtype        KV cache precision (default: 16-bit)
 * @param engine         engine name as the surface spelt it (default: generic)
 * @param engineOptions  engine settings by key (default: none)
 * @param method         estimation method (default: detailed)
 * @param platform       platform the overhead is sized for (default: the caller's)
 * @param tensorParallel tensor-parallel degree (default 1)
 */
public record WorkloadRequest(
        Integer batch,
        Long context,
        String dtype,
        String kvDtype,
        String engine,
        Map<String, String> engineOptions,
        Method method,
        Platform platform,
        Integer tensorParallel) {

    /** The largest batch taken: 2^20 concurrent sequences, the ceiling of fit's batch search. */
    public static final int MAX_BATCH = 1 << 20;

    /** Every field at its default. */
    public static WorkloadRequest defaults() {
        return new WorkloadRequest(null, null, null, null, null, null, null, null, null);
    }

    /** The default workload at {@code context} tokens ({@code null}: the default context). */
    public static WorkloadRequest ofContext(Long context) {
        return new WorkloadRequest(null, context, null, null, null, null, null, null, null);
    }

    /** The workload, validated; the platform is {@code defaultPlatform} unless the request names one. */
    public Workload toWorkload(Platform defaultPlatform, FieldNames names) {
        int b = batch == null ? 1 : batch;
        if (b <= 0) {
            throw new BadInputException(names.of(Field.BATCH) + " must be at least 1, got " + b);
        }
        if (b > MAX_BATCH) {
            throw new BadInputException(names.of(Field.BATCH) + " " + b + " is above gpufit's limit of " + MAX_BATCH
                    + " concurrent sequences");
        }
        if (context != null) {
            TokenCount.checkContext(context, names.of(Field.CONTEXT));
        }
        int tp = tensorParallel == null ? 1 : tensorParallel;
        if (tp <= 0) {
            throw new BadInputException(names.of(Field.TP) + " must be at least 1, got " + tp);
        }
        if (dtype != null && WeightDtypes.find(dtype).isEmpty()) {
            throw new BadInputException(unknown(names.of(Field.DTYPE), dtype, "valid", WeightDtypes.names()));
        }
        KvPrecision kv = kvDtype == null ? null : kvPrecision(kvDtype, names);
        Engine e = engine == null
                ? Engine.GENERIC
                : Engine.find(engine)
                        .orElseThrow(() -> new BadInputException(
                                unknown(names.of(Field.ENGINE), engine, "available", EngineProfiles.names())));
        return new Workload(
                b,
                context,
                dtype == null ? null : WeightPrecision.of(dtype),
                kv,
                e,
                method == null ? Method.DETAILED : method,
                platform != null ? platform : defaultPlatform,
                tp,
                EngineSettings.of(engineOptions));
    }

    private static KvPrecision kvPrecision(String name, FieldNames names) {
        try {
            return KvPrecision.of(name);
        } catch (BadInputException e) {
            List<String> valid = KvDtype.all().stream().map(KvDtype::name).toList();
            throw new BadInputException(unknown(names.of(Field.KV_DTYPE), name, "valid", valid), e);
        }
    }

    private static String unknown(String field, String value, String listed, List<String> names) {
        return "unknown " + field + " '" + value + "'; " + listed + ": " + String.join(", ", names);
    }
}
