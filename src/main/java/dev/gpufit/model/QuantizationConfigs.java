package dev.gpufit.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Reads a config.json {@code quantization_config} (or {@code compression_config}) into a
 * {@link QuantizationSpec}. Field names follow transformers' quantization_config.py; method names
 * are normalised like vLLM does (lower case, compressed_tensors -> compressed-tensors).
 */
final class QuantizationConfigs {
    private QuantizationConfigs() {}

    /** The quantization the config declares, or {@code null} when none. */
    static QuantizationSpec read(JsonNode root, JsonNode text) {
        JsonNode qc = first(root, "quantization_config", "compression_config");
        if (qc == null && text != null) {
            qc = first(text, "quantization_config", "compression_config");
        }
        if (qc == null || !qc.isObject()) {
            return null;
        }
        String method = qc.path("quant_method").asText("");
        method = method.toLowerCase(Locale.ROOT).replace('_', '-');
        if (method.isEmpty()) {
            method = "unknown";
        }
        return switch (method) {
            case "gptq", "awq" -> {
                int bits = qc.path("bits").asInt(qc.path("w_bit").asInt(4));
                int gs = qc.path("group_size").asInt(qc.path("q_group_size").asInt(128));
                Integer group = gs > 0 ? gs : null;
                yield new QuantizationSpec(method, bits, group,
                        method + " " + bits + "-bit" + (group == null ? " per-channel" : " g" + group),
                        strings(qc, "modules_to_not_convert"));
            }
            case "bitsandbytes" -> {
                boolean four = qc.path("load_in_4bit").asBoolean(false);
                String type = qc.path("bnb_4bit_quant_type").asText("nf4");
                yield four
                        ? new QuantizationSpec(method, 4, 64, "bitsandbytes " + type, strings(qc, "llm_int8_skip_modules"))
                        : new QuantizationSpec(method, 8, null, "bitsandbytes int8", strings(qc, "llm_int8_skip_modules"));
            }
            case "fp8" -> {
                JsonNode block = qc.get("weight_block_size");
                Integer group = null;
                String name = "fp8";
                if (block != null && block.isArray() && block.size() == 2) {
                    group = block.get(0).asInt() * block.get(1).asInt();
                    name = "fp8 block " + block.get(0).asInt() + "x" + block.get(1).asInt();
                }
                yield new QuantizationSpec(method, 8, group, name, strings(qc, "modules_to_not_convert"));
            }
            case "mxfp4" -> new QuantizationSpec(method, 4, 32, "mxfp4", strings(qc, "modules_to_not_convert"));
            case "compressed-tensors" -> compressedTensors(qc);
            default -> {
                Integer bits = qc.has("bits") && qc.get("bits").canConvertToInt() ? qc.get("bits").asInt() : null;
                yield new QuantizationSpec(method, bits, null, method, List.of());
            }
        };
    }

    private static QuantizationSpec compressedTensors(JsonNode qc) {
        Integer bits = null;
        Integer group = null;
        String type = "int";
        JsonNode groups = qc.path("config_groups");
        for (Iterator<JsonNode> it = groups.elements(); it.hasNext(); ) {
            JsonNode w = it.next().path("weights");
            if (w.has("num_bits")) {
                bits = w.get("num_bits").asInt();
                type = w.path("type").asText("int");
                int gs = w.path("group_size").asInt(0);
                group = gs > 0 ? gs : null;
                break;
            }
        }
        String name = "compressed-tensors" + (bits == null ? "" : " " + type + bits) + (group == null ? "" : " g" + group);
        return new QuantizationSpec("compressed-tensors", bits, group, name, strings(qc, "ignore"));
    }

    private static JsonNode first(JsonNode node, String... names) {
        for (String n : names) {
            JsonNode v = node.get(n);
            if (v != null && !v.isNull()) {
                return v;
            }
        }
        return null;
    }

    private static List<String> strings(JsonNode qc, String field) {
        List<String> out = new ArrayList<>();
        JsonNode arr = qc.get(field);
        if (arr != null && arr.isArray()) {
            arr.forEach(e -> out.add(e.asText()));
        }
        return out;
    }
}
