package dev.gpufit.model.hf;

import dev.gpufit.model.ModelFileException;
import dev.gpufit.model.safetensors.SafetensorsCheckpoint;
import dev.gpufit.model.safetensors.SafetensorsHeader;
import dev.gpufit.model.safetensors.SafetensorsHeaderParser;
import dev.gpufit.model.safetensors.SafetensorsIndex;
import dev.gpufit.model.safetensors.SafetensorsIndexParser;
import dev.gpufit.model.safetensors.SafetensorsReader;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Safetensors headers straight from the Hub: two Range requests per file (the 8-byte length,
 * then exactly the header), so sizing a 140 GB checkpoint downloads a few megabytes. The same
 * parser and checks as for local files apply, with the Content-Range total as the file size.
 */
public final class HubSafetensors {
    private HubSafetensors() {}

    /** The header of one remote file. */
    public static SafetensorsHeader header(HubClient hub, String repo, String revision, String file) {
        String name = hub.url(repo, revision, file).toString();
        HubClient.Range len = hub.range(repo, revision, file, 0, 8);
        long n = SafetensorsHeaderParser.checkHeaderLength(
                name,
                ByteBuffer.wrap(len.bytes()).order(ByteOrder.LITTLE_ENDIAN).getLong(),
                len.totalSize());
        HubClient.Range header = hub.range(repo, revision, file, 8, (int) n);
        return SafetensorsHeaderParser.parse(name, new ByteArrayInputStream(header.bytes()), n, len.totalSize());
    }

    /**
     * The repo's weights: sharded through {@code model.safetensors.index.json} when the repo has
     * one, else the single {@code model.safetensors}.
     */
    public static SafetensorsCheckpoint checkpoint(HubClient hub, String repo, String revision, Integer bitsHint) {
        Optional<byte[]> indexBytes =
                hub.fetchIfExists(repo, revision, SafetensorsReader.INDEX, SafetensorsIndexParser.MAX_INDEX_BYTES);
        if (indexBytes.isEmpty()) {
            return SafetensorsCheckpoint.of(List.of(header(hub, repo, revision, SafetensorsReader.SINGLE)), bitsHint);
        }
        String indexName = hub.url(repo, revision, SafetensorsReader.INDEX).toString();
        SafetensorsIndex index = SafetensorsIndexParser.parse(indexName, new ByteArrayInputStream(indexBytes.get()));
        Map<String, SafetensorsHeader> shards = new LinkedHashMap<>();
        for (String shard : index.shardFiles()) {
            try {
                shards.put(shard, header(hub, repo, revision, shard));
            } catch (HubException e) {
                throw new ModelFileException(indexName, "shard " + shard + " could not be read: " + e.getMessage(), e);
            }
        }
        return SafetensorsCheckpoint.ofShards(indexName, index, shards, bitsHint);
    }
}
