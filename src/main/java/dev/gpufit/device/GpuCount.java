package dev.gpufit.device;

import java.util.List;
import java.util.function.Function;

/**
 * Which devices count as GPUs a model can run on, one rule for {@code fit}'s default selection,
 * {@code nfd}'s labels and {@code fleet}'s totals: not host RAM, and not a GPU with MIG enabled
 * (CUDA runs only on its MIG instances, which hold its memory and count instead). Generic over
 * the device type, because fleet reads devices from reports by key, with kinds as JSON names.
 */
public final class GpuCount {
    private GpuCount() {}

    /**
     * A GPU with MIG enabled: a discrete device {@code X} with MIG instances {@code X/mig:N}
     * beside it.
     *
     * @param id   the device's id ("nvidia:0")
     * @param kind the device's kind as {@link DeviceKind#jsonName()} ("discrete", "mig", "host")
     */
    public static <T> boolean isMigParent(T d, List<T> all, Function<T, String> id, Function<T, String> kind) {
        String own = id.apply(d);
        if (!DeviceKind.DISCRETE.jsonName().equals(kind.apply(d)) || own == null || own.isEmpty()) {
            return false;
        }
        String prefix = own + "/mig:";
        for (T o : all) {
            String oid = id.apply(o);
            if (DeviceKind.MIG.jsonName().equals(kind.apply(o)) && oid != null && oid.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** The GPUs among {@code all}, in order: neither host RAM nor MIG-enabled parents. */
    public static <T> List<T> gpus(List<T> all, Function<T, String> id, Function<T, String> kind) {
        return all.stream()
                .filter(d -> !DeviceKind.HOST.jsonName().equals(kind.apply(d)))
                .filter(d -> !isMigParent(d, all, id, kind))
                .toList();
    }

    /** The GPUs among probed devices. */
    public static List<Device> gpus(List<Device> all) {
        return gpus(all, Device::id, d -> d.kind().jsonName());
    }

    /** Whether a probed device is a MIG-enabled parent among {@code all}. */
    public static boolean isMigParent(Device d, List<Device> all) {
        return isMigParent(d, all, Device::id, x -> x.kind().jsonName());
    }
}
