package dev.gpufit.cli;

import dev.gpufit.app.FitQuestion;
import dev.gpufit.app.WorkloadRequest;
import dev.gpufit.estimate.Method;
import dev.gpufit.estimate.Platform;
import dev.gpufit.estimate.Workload;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The workload options shared by estimate, fit, plan and agent: {@code --batch --context --dtype
 * --kv-dtype --engine --engine-opt --method --platform --tp}. Use with {@code @Mixin} and call
 * {@link #toWorkload()}: {@link WorkloadRequest} validates. The platform default (this machine's
 * OS) is decided here, at the CLI boundary, so the estimator reads no system properties.
 */
public final class WorkloadOptions {
    @Option(
            names = "--batch",
            paramLabel = "N",
            defaultValue = "1",
            description = "Concurrent sequences (default: ${DEFAULT-VALUE}).")
    int batch = 1;

    @Option(
            names = "--context",
            paramLabel = "TOKENS",
            converter = Counts.Tokens.class,
            description =
                    "Tokens per sequence, prompt + generated; 8k = 8192 (default: 4096, capped at the model's maximum).")
    Long context;

    @Option(
            names = "--dtype",
            paramLabel = "DTYPE",
            description =
                    "Weight precision: fp32 bf16 fp16 fp8 int8 int4 nf4 mxfp4, or a GGUF type (q8_0 q6_k q5_k_m q4_k_m q3_k_m q2_k iq4_xs ...) (default: as stored).")
    String dtype;

    @Option(
            names = "--kv-dtype",
            paramLabel = "DTYPE",
            description = "KV cache precision: f16 bf16 fp8 q8_0 q4_0 ... (default: 16-bit).")
    String kvDtype;

    @Option(
            names = "--engine",
            paramLabel = "NAME",
            defaultValue = "generic",
            description = "Engine profile (default: ${DEFAULT-VALUE}).")
    String engine = "generic";

    @Option(
            names = "--engine-opt",
            paramLabel = "KEY=VALUE",
            description = "Engine setting, repeatable (generic: flash-attention=true|false, logits=last|all).")
    Map<String, String> engineOptions;

    @Option(
            names = "--method",
            paramLabel = "seed|detailed",
            defaultValue = "detailed",
            description =
                    "seed: the published rule of thumb; detailed: per-architecture arithmetic (default: ${DEFAULT-VALUE}).")
    Method method = Method.DETAILED;

    @Option(
            names = "--platform",
            paramLabel = "linux|mac",
            description = "Platform the overhead is sized for (default: this machine).")
    Platform platform;

    @Option(
            names = "--tp",
            paramLabel = "N",
            defaultValue = "1",
            description = "Tensor-parallel degree: figures are per device (default: ${DEFAULT-VALUE}).")
    int tensorParallel = 1;

    /** The workload, validated; the platform defaults to this machine's OS. */
    public Workload toWorkload() {
        return toWorkload(FitQuestion.hostPlatform(System.getProperty("os.name", "")));
    }

    /** The workload, with an explicit default platform (for tests and remote requests). */
    public Workload toWorkload(Platform defaultPlatform) {
        return new WorkloadRequest(
                        batch, context, dtype, kvDtype, engine, engineOptions, method, platform, tensorParallel)
                .toWorkload(defaultPlatform, CliFields.NAMES);
    }
}
