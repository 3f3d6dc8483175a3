package dev.gpufit.fleet;

import java.util.Locale;

/** Contract-shaped report texts for the fleet tests. */
final class Reports {
    private Reports() {}

    static String device(int index, String name, String uuid, long total, long free) {
        return String.format(
                Locale.ROOT,
                "{\"id\":\"nvidia:%d\",\"index\":%d,\"vendor\":\"nvidia\",\"name\":\"%s\","
                        + "\"uuid\":\"%s\",\"kind\":\"discrete\",\"total_bytes\":%d,\"free_bytes\":%d,\"usable_bytes\":%d}",
                index,
                index,
                name,
                uuid,
                total,
                free,
                free);
    }

    static String devices(String hostname, String... devices) {
        return "{\"schema\":\"gpufit/devices/v1\",\"host\":{\"hostname\":\"" + hostname + "\"},\"devices\":["
                + String.join(",", devices) + "],\"warnings\":[]}";
    }

    static String fit(String hostname, String model, long context, String deviceJson, String verdict, long headroom) {
        String d = deviceJson.substring(0, deviceJson.length() - 1) + ",\"verdict\":\"" + verdict + "\",\"fits\":"
                + !verdict.equals("does_not_fit") + ",\"headroom_bytes\":" + headroom + "}";
        return "{\"schema\":\"gpufit/fit/v1\",\"host\":{\"hostname\":\"" + hostname
                + "\"},\"estimate\":{\"model\":{\"id\":\""
                + model + "\"},\"workload\":{\"context\":" + context + "}},\"devices\":[" + d + "],\"fits\":"
                + !verdict.equals("does_not_fit") + "}";
    }

    static final long GIB = 1L << 30;
    static final String H100 = device(0, "NVIDIA H100 80GB HBM3", "GPU-aaaa", 85520809984L, 80 * GIB);
    static final String L4 = device(0, "NVIDIA L4", "GPU-bbbb", 24152899584L, 20 * GIB);
}
