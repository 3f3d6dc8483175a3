package dev.gpufit.device;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code CUDA_VISIBLE_DEVICES} as CUDA applies it, following PyTorch's
 * {@code _parse_visible_devices} / {@code _transform_uuid_to_ordinals}: unset = all, empty =
 * none, the first invalid entry ends the list, a repeated device empties it, {@code GPU-} and
 * {@code MIG-} UUIDs may be unique prefixes, numeric entries parse like strtoul ("1gpu" = 1).
 * NVML ignores the variable, so gpufit applies it itself. Pure: the value comes in as a string.
 */
public final class CudaVisibleDevices {
    private CudaVisibleDevices() {}

    /**
     * The variable parsed, before it is matched against devices.
     *
     * @param all         unset: every GPU is visible
     * @param ordinals    numeric entries, in order (when not UUIDs)
     * @param uuids       GPU-/MIG- entries or prefixes, in order
     * @param stoppedAt   the entry that ended parsing (invalid), {@code null} when none did
     * @param duplicate   an entry was repeated: CUDA sees no device
     */
    public record Spec(boolean all, List<Integer> ordinals, List<String> uuids, String stoppedAt, boolean duplicate) {
        public Spec {
            ordinals = List.copyOf(ordinals);
            uuids = List.copyOf(uuids);
        }
    }

    /**
     * The outcome for this machine.
     *
     * @param visible  NVIDIA devices CUDA would see, in CUDA ordinal order
     * @param hidden   NVIDIA devices the variable hides
     * @param warnings what a person should know about the variable's effect
     */
    public record Result(List<Device> visible, List<Device> hidden, List<String> warnings) {
        public Result {
            visible = List.copyOf(visible);
            hidden = List.copyOf(hidden);
            warnings = List.copyOf(warnings);
        }
    }

    /** Parses the raw value; {@code null} means unset. */
    public static Spec parse(String value) {
        if (value == null) {
            return new Spec(true, List.of(), List.of(), null, false);
        }
        if (value.startsWith("GPU-") || value.startsWith("MIG-")) {
            return parseWithPrefix(value, value.substring(0, 4));
        }
        List<Integer> ordinals = new ArrayList<>();
        for (String elem : value.split(",", -1)) {
            long x = strtoul(elem.strip());
            if (x >= 0 && ordinals.contains((int) x)) {
                return new Spec(false, List.of(), List.of(), null, true);
            }
            if (x < 0) {
                return new Spec(false, ordinals, List.of(), elem, false);
            }
            ordinals.add((int) x);
        }
        return new Spec(false, ordinals, List.of(), null, false);
    }

    private static Spec parseWithPrefix(String value, String prefix) {
        List<String> uuids = new ArrayList<>();
        for (String elem : value.split(",", -1)) {
            if (uuids.contains(elem)) {
                return new Spec(false, List.of(), List.of(), null, true);
            }
            if (!elem.startsWith(prefix)) {
                return new Spec(false, List.of(), uuids, elem, false);
            }
            uuids.add(elem);
        }
        return new Spec(false, List.of(), uuids, null, false);
    }

    /** Leading [+-]digits as a number; -1 when there are none or the value is negative or huge. */
    static long strtoul(String s) {
        int i = 0;
        boolean negative = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        int start = i;
        while (i < s.length() && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
            i++;
        }
        if (i == start || negative || i - start > 9) {
            return -1;
        }
        return Long.parseLong(s.substring(start, i));
    }

    /**
     * Applies the variable to the NVIDIA devices NVML reported (GPUs as "nvidia:N", MIG
     * instances as "nvidia:N/mig:M"), in NVML order.
     *
     * @param rawValue        CUDA_VISIBLE_DEVICES, {@code null} when unset
     * @param cudaDeviceOrder CUDA_DEVICE_ORDER, {@code null} when unset
     */
    public static Result apply(String rawValue, String cudaDeviceOrder, List<Device> nvidia) {
        List<Device> gpus = new ArrayList<>();
        List<Device> migs = new ArrayList<>();
        for (Device d : nvidia) {
            (d.kind() == DeviceKind.MIG ? migs : gpus).add(d);
        }
        List<String> warnings = new ArrayList<>();
        Spec spec = parse(rawValue);
        List<Device> visible = new ArrayList<>();
        String shown = "CUDA_VISIBLE_DEVICES=\"" + rawValue + "\"";
        if (spec.all()) {
            visible.addAll(gpus);
            visible.addAll(migs);
        } else if (spec.duplicate()) {
            warnings.add(shown + " names a device twice; CUDA then sees no GPU at all");
        } else if (rawValue.isEmpty()) {
            warnings.add("CUDA_VISIBLE_DEVICES is set but empty: CUDA programs see no GPU");
        } else if (!spec.uuids().isEmpty() && spec.uuids().get(0).startsWith("MIG-")) {
            visible.addAll(resolveUuids(spec, migs, shown, warnings));
        } else if (!spec.uuids().isEmpty()) {
            visible.addAll(withMigs(resolveUuids(spec, gpus, shown, warnings), migs));
        } else {
            visible.addAll(withMigs(resolveOrdinals(spec, gpus, shown, warnings), migs));
        }
        if (spec.stoppedAt() != null && !rawValue.isEmpty()) {
            warnings.add(shown + ": entry \"" + spec.stoppedAt() + "\" is not a valid device;"
                    + " CUDA ignores it and every entry after it");
        }
        List<Device> hidden = new ArrayList<>(nvidia);
        hidden.removeAll(visible);
        if (!hidden.isEmpty() && !spec.all()) {
            List<String> ids = hidden.stream().map(Device::id).toList();
            warnings.add(shown + " hides " + hidden.size() + " NVIDIA device(s) from CUDA programs: "
                    + String.join(", ", ids));
        }
        if (mixedModels(gpus) && !"PCI_BUS_ID".equals(cudaDeviceOrder)) {
            warnings.add("this host mixes NVIDIA GPU models and CUDA_DEVICE_ORDER is not PCI_BUS_ID:"
                    + " CUDA's default FASTEST_FIRST order can differ from NVML/nvidia-smi order, so numeric"
                    + " CUDA_VISIBLE_DEVICES entries and CUDA ordinals may name other GPUs than shown here;"
                    + " set CUDA_DEVICE_ORDER=PCI_BUS_ID or use GPU UUIDs");
        }
        return new Result(visible, hidden, warnings);
    }

    private static List<Device> resolveOrdinals(Spec spec, List<Device> gpus, String shown, List<String> warnings) {
        int count = 0;
        for (Device g : gpus) {
            count = Math.max(count, nvmlIndex(g) + 1);
        }
        List<Device> out = new ArrayList<>();
        for (int ordinal : spec.ordinals()) {
            if (ordinal >= count) {
                // PyTorch _device_count_nvml: the list ends at the first ordinal NVML does not have.
                warnings.add(shown + ": ordinal " + ordinal + " names no GPU reported here (" + count
                        + " readable); CUDA ignores it and every entry after it");
                break;
            }
            for (Device g : gpus) {
                if (nvmlIndex(g) == ordinal) {
                    out.add(g);
                }
            }
        }
        return out;
    }

    private static List<Device> resolveUuids(Spec spec, List<Device> candidates, String shown, List<String> warnings) {
        Set<Device> out = new LinkedHashSet<>();
        for (String prefix : spec.uuids()) {
            List<Device> matches = candidates.stream()
                    .filter(d -> d.uuid() != null && d.uuid().startsWith(prefix))
                    .toList();
            if (matches.size() != 1) {
                warnings.add(shown + ": \"" + prefix + "\" "
                        + (matches.isEmpty()
                                ? "matches no device"
                                : "is ambiguous (matches " + matches.size() + " devices)")
                        + "; CUDA treats it as invalid and ignores it and every entry after it");
                break;
            }
            if (!out.add(matches.get(0))) {
                warnings.add(shown + " names " + matches.get(0).id() + " twice; CUDA then sees no GPU at all");
                return List.of();
            }
        }
        return new ArrayList<>(out);
    }

    /** Selected GPUs, then the MIG instances of those GPUs. */
    private static List<Device> withMigs(List<Device> selected, List<Device> migs) {
        List<Device> out = new ArrayList<>(selected);
        for (Device g : selected) {
            for (Device m : migs) {
                if (m.id().startsWith(g.id() + "/")) {
                    out.add(m);
                }
            }
        }
        return out;
    }

    private static boolean mixedModels(List<Device> gpus) {
        return gpus.stream().map(Device::name).distinct().count() > 1;
    }

    /** N of an "nvidia:N" id, or -1. */
    public static int nvmlIndex(Device d) {
        String id = d.id();
        if (!id.startsWith("nvidia:")) {
            return -1;
        }
        int end = id.indexOf('/');
        try {
            return Integer.parseInt(id.substring("nvidia:".length(), end < 0 ? id.length() : end));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
