package dev.gpufit.model.safetensors;

import dev.gpufit.model.ModelFileException;
import dev.gpufit.model.WeightsInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * All safetensors files of one model, validated together: the exact bytes that will sit on the
 * device and the parameters they hold.
 *
 * @param headers             one validated header per file
 * @param bytes               sum of tensor bytes over all files (buffers included: they are loaded too)
 * @param bytesByDtype        bytes per stored dtype, e.g. {"BF16": 16060522496, "F32": 8192}
 * @param tensorCount         tensors over all files
 * @param parameters          parameters (see {@link HeaderParameterCounter})
 * @param tokenEmbeddingBytes bytes of the input token embedding, {@code null} when not recognised
 * @param notes               how the numbers were obtained
 */
public record SafetensorsCheckpoint(
        List<SafetensorsHeader> headers,
        long bytes,
        Map<String, Long> bytesByDtype,
        int tensorCount,
        HeaderParameterCount parameters,
        Long tokenEmbeddingBytes,
        List<String> notes) {
    private static final String[] EMBEDDING_SUFFIXES = {
        "embed_tokens.weight", "wte.weight", "word_embeddings.weight", "tok_embeddings.weight", "embedding.weight",
    };

    public SafetensorsCheckpoint {
        headers = List.copyOf(headers);
        bytesByDtype = Map.copyOf(bytesByDtype);
        notes = List.copyOf(notes);
    }

    /**
     * Combines file headers into one checkpoint. Tensor names must be unique across files: the
     * same name in two shards would be loaded twice by some loaders and once by others.
     */
    public static SafetensorsCheckpoint of(List<SafetensorsHeader> headers, Integer bitsHint) {
        Map<String, String> seen = new HashMap<>();
        Map<String, Long> byDtype = new TreeMap<>();
        List<SafetensorsTensor> all = new ArrayList<>();
        long bytes = 0;
        for (SafetensorsHeader h : headers) {
            for (SafetensorsTensor t : h.tensors()) {
                String other = seen.putIfAbsent(t.name(), h.file());
                if (other != null) {
                    throw new ModelFileException(
                            h.file(), "tensor " + ModelFileException.quote(t.name()) + " is also in " + other);
                }
                bytes = Math.addExact(bytes, t.bytes());
                byDtype.merge(t.dtype().name(), t.bytes(), Long::sum);
                all.add(t);
            }
        }
        HeaderParameterCount params = HeaderParameterCounter.count(all, bitsHint);
        List<String> notes = new ArrayList<>();
        notes.add("read " + all.size() + " tensors from " + headers.size() + " safetensors file"
                + (headers.size() == 1 ? "" : "s") + " (headers only): " + bytes + " bytes, " + params.parameters()
                + " parameters");
        notes.addAll(params.notes());
        return new SafetensorsCheckpoint(headers, bytes, byDtype, all.size(), params, embeddingBytes(all), notes);
    }

    /**
     * Checks a sharded checkpoint against its index: every file of the weight map was read and
     * every tensor it names is in the shard it names, then combines the shards.
     *
     * @param indexFile the index as named to the user
     * @param shards    shard file name (as in the weight map) to its header
     */
    public static SafetensorsCheckpoint ofShards(
            String indexFile, SafetensorsIndex index, Map<String, SafetensorsHeader> shards, Integer bitsHint) {
        Map<String, java.util.Set<String>> namesByShard = new HashMap<>();
        for (Map.Entry<String, SafetensorsHeader> e : shards.entrySet()) {
            java.util.Set<String> names = new java.util.HashSet<>();
            for (SafetensorsTensor t : e.getValue().tensors()) {
                names.add(t.name());
            }
            namesByShard.put(e.getKey(), names);
        }
        for (Map.Entry<String, String> e : index.weightMap().entrySet()) {
            java.util.Set<String> names = namesByShard.get(e.getValue());
            if (names == null) {
                throw new ModelFileException(indexFile, "shard " + e.getValue() + " was not read");
            }
            if (!names.contains(e.getKey())) {
                throw new ModelFileException(
                        indexFile,
                        "tensor " + ModelFileException.quote(e.getKey()) + " is not in " + e.getValue()
                                + " as the index says");
            }
        }
        List<SafetensorsHeader> ordered = new ArrayList<>();
        for (String shard : index.shardFiles()) {
            ordered.add(shards.get(shard));
        }
        SafetensorsCheckpoint c = of(ordered, bitsHint);
        if (index.totalSize() != null && index.totalSize() != c.bytes()) {
            List<String> notes = new ArrayList<>(c.notes());
            notes.add("index total_size " + index.totalSize() + " differs from the headers' " + c.bytes()
                    + " bytes; the headers are used");
            return new SafetensorsCheckpoint(
                    c.headers(),
                    c.bytes(),
                    c.bytesByDtype(),
                    c.tensorCount(),
                    c.parameters(),
                    c.tokenEmbeddingBytes(),
                    notes);
        }
        return c;
    }

    private static Long embeddingBytes(List<SafetensorsTensor> all) {
        for (String suffix : EMBEDDING_SUFFIXES) {
            for (SafetensorsTensor t : all) {
                if (t.name().endsWith(suffix) && !t.name().contains("position")) {
                    return t.bytes();
                }
            }
        }
        return null;
    }

    /** The files by name, for reports. */
    public List<String> files() {
        return headers.stream().map(SafetensorsHeader::file).toList();
    }

    /** The most common dtype by bytes, e.g. "BF16": what the checkpoint is "stored in". */
    public String mainDtype() {
        return bytesByDtype.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey)
                .orElse(null);
    }

    /** The record the estimator reads. */
    public WeightsInfo toWeightsInfo() {
        return new WeightsInfo(
                bytes, parameters.parameters(), bytesByDtype, tokenEmbeddingBytes, files(), "safetensors");
    }
}
