package dev.gpufit.device.amd;

import dev.gpufit.device.Device;
import java.util.ArrayList;
import java.util.List;

/**
 * ROCm's device masks, applied the way PyTorch layers them: ROCR_VISIBLE_DEVICES (indices or
 * GPU- UUIDs) first, then HIP_VISIBLE_DEVICES (indices into what ROCR left). Like CUDA, an
 * empty value hides everything and the first invalid entry ends the list.
 */
final class AmdVisibleDevices {
    private AmdVisibleDevices() {}

    static List<Device> apply(List<Device> all, String rocr, String hip, List<String> warnings) {
        List<Device> visible = select(all, rocr, "ROCR_VISIBLE_DEVICES", true, warnings);
        visible = select(visible, hip, "HIP_VISIBLE_DEVICES", false, warnings);
        List<Device> hidden = new ArrayList<>(all);
        hidden.removeAll(visible);
        if (!hidden.isEmpty()) {
            warnings.add("amd: ROCR/HIP_VISIBLE_DEVICES hide " + hidden.size() + " AMD GPU(s): "
                    + String.join(", ", hidden.stream().map(Device::id).toList()));
        }
        List<Device> out = new ArrayList<>();
        for (int i = 0; i < visible.size(); i++) {
            out.add(visible.get(i).withIndex(i));
        }
        return out;
    }

    private static List<Device> select(
            List<Device> from, String value, String var, boolean uuids, List<String> warnings) {
        if (value == null) {
            return from;
        }
        List<Device> out = new ArrayList<>();
        if (value.isBlank()) {
            return out;
        }
        for (String raw : value.split(",", -1)) {
            String entry = raw.strip();
            Device d = null;
            if (entry.matches("\\d{1,6}")) {
                int i = Integer.parseInt(entry);
                d = i < from.size() ? from.get(i) : null;
            } else if (uuids && entry.startsWith("GPU-")) {
                d = from.stream()
                        .filter(x -> entry.equalsIgnoreCase(x.uuid()))
                        .findFirst()
                        .orElse(null);
            }
            if (d == null || out.contains(d)) {
                warnings.add("amd: " + var + "=\"" + value + "\": entry \"" + entry
                        + "\" is not a valid device; it and every entry after it are ignored");
                break;
            }
            out.add(d);
        }
        return out;
    }
}
