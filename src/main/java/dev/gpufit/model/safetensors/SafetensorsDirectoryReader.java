package dev.gpufit.model.safetensors;

import dev.gpufit.BadInputException;
import dev.gpufit.model.ConfigJsonReader;
import dev.gpufit.model.ModelReader;
import dev.gpufit.model.ModelSpec;
import dev.gpufit.model.QuantizationSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * MODEL is a model directory with a config.json and safetensors weights (a download, or an HF
 * cache snapshot), or one {@code .safetensors} file or {@code *.safetensors.index.json} in such
 * a directory: config.json gives the architecture, the safetensors headers the exact bytes and
 * parameters. Registered before the config-only readers so files win.
 */
public final class SafetensorsDirectoryReader implements ModelReader {
    private static final Set<String> PACKED_METHODS = Set.of("gptq", "awq", "compressed-tensors");

    @Override
    public boolean accepts(String ref) {
        Path p = Path.of(ref);
        if (Files.isDirectory(p)) {
            return Files.isRegularFile(p.resolve("config.json")) && SafetensorsReader.hasWeights(p);
        }
        return Files.isRegularFile(p) && isWeightsFile(p);
    }

    @Override
    public ModelSpec read(String ref) {
        Path p = Path.of(ref);
        if (Files.isDirectory(p)) {
            return readDirectory(p, ref);
        }
        Path config = p.toAbsolutePath().resolveSibling("config.json");
        if (!Files.isRegularFile(config)) {
            SafetensorsReader.read(p); // a broken or hostile file is reported as such, not as a missing config
            throw new BadInputException(ref + ": safetensors weights hold no architecture; "
                    + "put the model's config.json next to it or point gpufit at the model directory");
        }
        ModelSpec spec = ConfigJsonReader.readFile(config, ref);
        return withWeights(spec, SafetensorsReader.read(p, bitsHint(spec)));
    }

    private static boolean isWeightsFile(Path p) {
        String name = p.getFileName() == null ? "" : p.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".safetensors") || name.endsWith(".safetensors.index.json");
    }

    /** config.json plus the safetensors weights of {@code dir}, for the model the user named {@code id}. */
    public static ModelSpec readDirectory(Path dir, String id) {
        ModelSpec spec = ConfigJsonReader.readFile(dir.resolve("config.json"), id);
        return withWeights(spec, SafetensorsReader.read(dir, bitsHint(spec)));
    }

    /** The quantized bits per weight config.json declares for packed formats, to unpack qweight. */
    public static Integer bitsHint(ModelSpec spec) {
        QuantizationSpec q = spec.quantization();
        return q != null && q.method() != null && PACKED_METHODS.contains(q.method()) ? q.bits() : null;
    }

    /**
     * The spec with exact weights and parameters from the files. The architecture stays
     * config.json's; the stored dtype is filled from the headers when config.json did not say.
     */
    public static ModelSpec withWeights(ModelSpec spec, SafetensorsCheckpoint c) {
        List<String> notes = new ArrayList<>(spec.notes());
        notes.addAll(c.notes());
        ModelSpec.Builder b = spec.toBuilder()
                .weights(c.toWeightsInfo())
                .parameters(c.parameters().parameters())
                .source("safetensors")
                .notes(notes);
        if (spec.nativeDtype() == null && c.mainDtype() != null) {
            b.nativeDtype(dtypeName(c.mainDtype()));
        }
        return b.build();
    }

    private static String dtypeName(String safetensorsDtype) {
        return switch (safetensorsDtype) {
            case "BF16" -> "bf16";
            case "F16" -> "fp16";
            case "F32" -> "fp32";
            case "F8_E4M3", "F8_E5M2" -> "fp8";
            default -> safetensorsDtype.toLowerCase(Locale.ROOT);
        };
    }
}
