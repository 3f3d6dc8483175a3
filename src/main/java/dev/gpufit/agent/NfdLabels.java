package dev.gpufit.agent;

import dev.gpufit.device.Device;
import dev.gpufit.device.GpuCount;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Node labels for Kubernetes scheduling, under the {@code gpufit.dev/} prefix: what the node has
 * ({@code gpu-count}, {@code gpu-memory-gib}, {@code gpu-model}) and, per watched model, whether
 * it fits ({@code fits.MODEL[.ctxN]}) and with how much room ({@code headroom-gib.MODEL[.ctxN]}).
 * Every name and value is made a valid label (63 characters, alphanumeric at both ends,
 * {@code -_.} inside), because one invalid label makes NFD drop it with only a log line.
 */
public final class NfdLabels {
    public static final String PREFIX = "gpufit.dev/";
    static final int MAX = 63;
    private static final long GIB = 1L << 30;

    private NfdLabels() {}

    public static Map<String, String> labels(
            List<Device> devices, List<Watch> watches, WatchEvaluator.Outcome outcome) {
        Map<String, String> out = new LinkedHashMap<>();
        // counted as fleet counts them: MIG-enabled GPUs through their instances
        List<Device> gpus = GpuCount.gpus(devices);
        out.put(PREFIX + "gpu-count", Integer.toString(gpus.size()));
        if (!gpus.isEmpty()) {
            // the smallest device: a pod that needs N GiB on one GPU fits on any GPU of this node
            long smallest = gpus.stream().mapToLong(Device::totalBytes).min().orElse(0);
            out.put(PREFIX + "gpu-memory-gib", Long.toString(Math.round(smallest / (double) GIB)));
            long names = gpus.stream().map(Device::name).distinct().count();
            out.put(PREFIX + "gpu-model", names == 1 ? value(gpus.get(0).name()) : "mixed");
        }
        for (Watch w : watches) {
            List<WatchedFit> mine =
                    outcome.results().stream().filter(f -> f.watch().equals(w)).toList();
            if (mine.isEmpty() && !gpus.isEmpty()) {
                continue; // not judged (an error): no label rather than a wrong one
            }
            Optional<WatchedFit> best = mine.stream()
                    .filter(WatchedFit::fits)
                    .max((a, b) -> Long.compare(a.headroomBytes(), b.headroomBytes()));
            String key = watchKey(w);
            if (gpus.isEmpty()) {
                // no GPU here: the labels schedule GPU pods, and host RAM is no GPU
                out.put(name("fits." + key), "false");
                continue;
            }
            out.put(name("fits." + key), Boolean.toString(best.isPresent()));
            best.ifPresent(f -> out.put(name("headroom-gib." + key), Long.toString(f.headroomBytes() / GIB)));
        }
        return out;
    }

    /** "llama-3.1-8b", "meta-llama_Llama-3.1-8B.ctx32768". */
    static String watchKey(Watch w) {
        String m = w.model().replace('/', '_');
        return w.context() == null ? m : m + ".ctx" + w.context();
    }

    /** A full key: the prefix and a valid name part; long names keep a hash so they stay distinct. */
    static String name(String raw) {
        String v = clean(raw);
        if (v.length() > MAX) {
            String h = hash(raw);
            v = clean(v.substring(0, MAX - 9)) + "-" + h;
        }
        return PREFIX + (v.isEmpty() ? "unnamed" : v);
    }

    /** A valid label value: disallowed characters become '-', trimmed to 63. */
    static String value(String raw) {
        String v = clean(raw);
        if (v.length() > MAX) {
            v = clean(v.substring(0, MAX));
        }
        return v;
    }

    private static String clean(String raw) {
        String v = raw.replaceAll("[^A-Za-z0-9_.-]+", "-");
        return v.replaceAll("^[^A-Za-z0-9]+", "").replaceAll("[^A-Za-z0-9]+$", "");
    }

    private static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return String.format(Locale.ROOT, "%02x%02x%02x%02x", d[0], d[1], d[2], d[3]);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
