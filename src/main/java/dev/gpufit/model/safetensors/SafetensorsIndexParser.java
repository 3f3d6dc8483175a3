package dev.gpufit.model.safetensors;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.gpufit.model.ModelFileException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses {@code model.safetensors.index.json}: the weight map and the optional total size.
 * Shard names must be bare file names: an index that points outside its directory
 * ({@code ../../etc/passwd}, {@code /abs}) is refused, the same way the HF loader only ever
 * joins them to the index's directory.
 */
public final class SafetensorsIndexParser {
    /** Largest index accepted; DeepSeek-V3's (about 90,000 tensors) is under 10 MB. */
    public static final long MAX_INDEX_BYTES = 100_000_000L;

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private SafetensorsIndexParser() {}

    public static SafetensorsIndex parse(String file, InputStream in) {
        Map<String, String> weightMap = null;
        Long totalSize = null;
        try (JsonParser p = JSON.createParser(SafetensorsHeaderParser.strictUtf8(in))) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new ModelFileException(file, "index is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if ("weight_map".equals(field)) {
                    weightMap = readWeightMap(file, p);
                } else if ("metadata".equals(field) && p.currentToken() == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String key = p.currentName();
                        JsonToken v = p.nextToken();
                        if ("total_size".equals(key)
                                && v == JsonToken.VALUE_NUMBER_INT
                                && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                            totalSize = p.getLongValue();
                        } else {
                            p.skipChildren();
                        }
                    }
                } else {
                    p.skipChildren();
                }
            }
        } catch (CharacterCodingException e) {
            throw new ModelFileException(file, "index is not valid UTF-8");
        } catch (JsonProcessingException e) {
            throw new ModelFileException(file, "index is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ModelFileException(file, "cannot read the index: " + e.getMessage(), e);
        }
        if (weightMap == null || weightMap.isEmpty()) {
            throw new ModelFileException(file, "index has no weight_map");
        }
        return new SafetensorsIndex(weightMap, totalSize);
    }

    private static Map<String, String> readWeightMap(String file, JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new ModelFileException(file, "weight_map is not an object");
        }
        Map<String, String> map = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String tensor = p.currentName();
            if (p.nextToken() != JsonToken.VALUE_STRING) {
                throw new ModelFileException(
                        file, "weight_map entry " + ModelFileException.quote(tensor) + " is not a file name");
            }
            String shard = p.getText();
            if (shard.isEmpty()
                    || shard.contains("/")
                    || shard.contains("\\")
                    || shard.equals("..")
                    || shard.equals(".")) {
                throw new ModelFileException(
                        file,
                        "weight_map entry " + ModelFileException.quote(tensor) + " names "
                                + ModelFileException.quote(shard) + ", which is not a file next to the index");
            }
            map.put(tensor, shard);
        }
        return map;
    }
}
