package dev.gpufit.device;

import java.util.Locale;
import java.util.Optional;

/** Who makes a device's memory pool: the GPU vendors gpufit probes, and the host's RAM. */
public enum Vendor {
    NVIDIA,
    AMD,
    APPLE,
    INTEL,
    HOST;

    /** The name in JSON, CSV, metrics labels and the device catalog: nvidia, amd, apple, intel, host. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return jsonName();
    }

    /** The vendor named (any case), or empty for a name gpufit does not know. */
    public static Optional<Vendor> find(String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (Vendor v : values()) {
            if (v.jsonName().equalsIgnoreCase(name.strip())) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }
}
