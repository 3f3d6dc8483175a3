package dev.gpufit.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a config.json {@code quantization_config} (or {@code compression_config}) into a
 * {@link QuantizationSpec}. Field names follow transformers' quantization_config.py; method names
 * are normalised like vLLM does (lower case, compressed_tensors -> compressed-tensors).
 */
final class QuantizationConfigs {
    private QuantizationConfigs() {}

    /** GPTQ and AWQ kernels pack these widths only (gptq_marlin, AutoGPTQ, AutoAWQ). */
    private static final Set<Integer> GPTQ_AWQ_BITS = Set.of(2, 3, 4, 8);

    /**
     * The quantization the config declares, or {@code null} when none.
     *
     * @param where the file or preset, for messages
     */
    static QuantizationSpec read(JsonNode root, JsonNode text, String where) {
        String field = firstName(root, "quantization_config", "compression_config");
        JsonNode qc = field == null ? null : root.get(field);
        if (qc == null && text != null) {
            field = firstName(text, "quantization_config", "compression_config");
            qc = field == null ? null : text.get(field);
            field = "text_config." + field;
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
                // bits 0 used to be accepted and sized the linear weights at 0 bytes
                ConfigFields f = new ConfigFields(qc, where, field + ".");
                String bitsKey = f.firstPresent("bits", "w_bit");
                int bits = bitsKey == null ? 4 : (int) Math.min(f.optNonNegative(bitsKey), Integer.MAX_VALUE);
                if (!GPTQ_AWQ_BITS.contains(bits)) {
                    throw f.invalid(bitsKey, "must be 2, 3, 4 or 8 for " + method, qc.get(bitsKey));
                }
                String groupKey = f.firstPresent("group_size", "q_group_size");
                int gs = groupKey == null ? 128 : groupSize(f, groupKey, qc.get(groupKey));
                Integer group = gs > 0 ? gs : null; // -1: one scale per output channel
                yield new QuantizationSpec(
                        method,
                        bits,
                        group,
                        method + " " + bits + "-bit" + (group == null ? " per-channel" : " g" + group),
                        strings(qc, "modules_to_not_convert"));
            }
            case "bitsandbytes" -> {
                boolean four = qc.path("load_in_4bit").asBoolean(false);
                String type = qc.path("bnb_4bit_quant_type").asText("nf4");
                yield four
                        ? new QuantizationSpec(
                                method, 4, 64, "bitsandbytes " + type, strings(qc, "llm_int8_skip_modules"))
                        : new QuantizationSpec(
                                method, 8, null, "bitsandbytes int8", strings(qc, "llm_int8_skip_modules"));
            }
            case "fp8" -> {
                JsonNode block = qc.get("weight_block_size");
                Integer group = null;
                String name = "fp8";
                if (block != null && block.isArray() && block.size() == 2) {
                    group = block.get(0).asInt() * block.get(1).asInt();
                    name = "fp8 block " + block.get(0).asInt() + "x"
                            + block.get(1).asInt();
                }
                yield new QuantizationSpec(method, 8, group, name, strings(qc, "modules_to_not_convert"));
            }
            case "mxfp4" -> new QuantizationSpec(method, 4, 32, "mxfp4", strings(qc, "modules_to_not_convert"));
            case "compressed-tensors" -> compressedTensors(qc);
            default -> {
                Integer bits = qc.has("bits") && qc.get("bits").canConvertToInt()
                        ? qc.get("bits").asInt()
                        : null;
                yield new QuantizationSpec(method, bits, null, method, List.of());
            }
        };
    }

    /** A group size: positive, or -1 for per-channel; anything else has no meaning to the kernels. */
    private static int groupSize(ConfigFields f, String key, JsonNode v) {
        if (v.isIntegralNumber() && v.canConvertToInt() && (v.intValue() > 0 || v.intValue() == -1)) {
            return v.intValue();
        }
        throw f.invalid(key, "must be a positive whole number, or -1 for per-channel", v);
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
        String name =
                "compressed-tensors" + (bits == null ? "" : " " + type + bits) + (group == null ? "" : " g" + group);
        return new QuantizationSpec("compressed-tensors", bits, group, name, strings(qc, "ignore"));
    }

    private static String firstName(JsonNode node, String... names) {
        for (String n : names) {
            JsonNode v = node.get(n);
            if (v != null && !v.isNull()) {
                return n;
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
