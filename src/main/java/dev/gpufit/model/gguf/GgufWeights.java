package dev.gpufit.model.gguf;

import dev.gpufit.model.ModelFileException;
import dev.gpufit.model.WeightsInfo;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exact weights of one or more GGUF files (the splits of a model, or a projector): bytes are the
 * sum of each tensor's {@code typeSize * elements / blockSize}, never derived from
 * {@code general.file_type}.
 */
public final class GgufWeights {
    /** The input token embedding: llama.cpp keeps it in host memory, not on the GPU. */
    public static final String TOKEN_EMBEDDING = "token_embd.weight";
    /** llama.cpp's rope scaling factors: a buffer, not parameters. */
    private static final String ROPE_FREQS = "rope_freqs.weight";

    private GgufWeights() {}

    /** Sums tensors over files; a tensor name in two files is refused (a split set mixed up). */
    public static WeightsInfo of(List<GgufFile> files) {
        Map<String, String> seen = new HashMap<>();
        Map<String, Long> byType = new TreeMap<>();
        long bytes = 0;
        long params = 0;
        Long embedding = null;
        for (GgufFile f : files) {
            for (GgufTensorInfo t : f.tensors()) {
                String other = seen.putIfAbsent(t.name(), f.file());
                if (other != null) {
                    throw new ModelFileException(f.file(), "tensor " + ModelFileException.quote(t.name()) + " is also in " + other);
                }
                bytes = Math.addExact(bytes, t.bytes());
                byType.merge(t.type().name(), t.bytes(), Long::sum);
                if (!t.name().equals(ROPE_FREQS)) {
                    params = Math.addExact(params, t.elements());
                }
                if (t.name().equals(TOKEN_EMBEDDING)) {
                    embedding = t.bytes();
                }
            }
        }
        return new WeightsInfo(bytes, params, byType, embedding, files.stream().map(GgufFile::file).toList(), "gguf");
    }
}
