package dev.gpufit.agent;

import dev.gpufit.app.ProbeSnapshot;
import dev.gpufit.device.Device;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The {@code /metrics} page, through the Prometheus Java client. The page is a function of the
 * probe snapshot only, so it is rendered once per snapshot and the bytes are reused until the
 * next probe: scrapes cost a byte copy, not a probe or an estimate.
 */
public final class AgentMetrics {
    private static final String[] DEVICE_LABELS = {"index", "uuid", "name", "kind", "vendor"};
    private static final String[] MODEL_LABELS = {"model", "context", "index", "uuid"};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final WatchEvaluator watches;

    // read by the callbacks while render() holds the lock
    private ProbeSnapshot snapshot;
    private List<WatchedFit> watched = List.of();
    private int watchErrors;

    private long renderedGeneration = -1;
    private byte[] rendered;

    public AgentMetrics(WatchEvaluator watches) {
        this.watches = watches;
        deviceGauge(
                "gpufit_device_memory_total_bytes",
                "Total device memory as the driver reports it.",
                Device::totalBytes);
        deviceGauge(
                "gpufit_device_memory_free_bytes",
                "Device memory free now.",
                d -> d.freeBytes() == null ? Double.NaN : d.freeBytes());
        deviceGauge(
                "gpufit_device_memory_usable_bytes",
                "Memory a model may use: free on discrete GPUs, the Metal working set on Apple.",
                Device::usableBytes);
        GaugeWithCallback.builder()
                .name("gpufit_model_fits")
                .help("1 when the watched model fits (or fits tightly) on the device now, else 0.")
                .labelNames(MODEL_LABELS)
                .callback(cb -> watched.forEach(f -> cb.call(f.fits() ? 1 : 0, modelLabels(f))))
                .register(registry);
        GaugeWithCallback.builder()
                .name("gpufit_model_headroom_bytes")
                .help("Device budget minus what the watched model needs; negative is the shortfall.")
                .labelNames(MODEL_LABELS)
                .callback(cb -> watched.forEach(f -> cb.call(f.headroomBytes(), modelLabels(f))))
                .register(registry);
        GaugeWithCallback.builder()
                .name("gpufit_watch_errors")
                .help("Watched models that could not be judged on the last probe.")
                .callback(cb -> cb.call(watchErrors))
                .register(registry);
        GaugeWithCallback.builder()
                .name("gpufit_probe_duration_seconds")
                .help("How long the last completed device probe took.")
                .callback(cb -> cb.call(snapshot.durationSeconds()))
                .register(registry);
        CounterWithCallback.builder()
                .name("gpufit_probe_errors")
                .help("Device probes that failed or did not answer in time, since the agent started.")
                .callback(cb -> cb.call(snapshot.errorsTotal()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("gpufit_probe_stale")
                .help("1 when the latest probe hung or failed and the figures are the last good answer.")
                .callback(cb -> cb.call(snapshot.stale() ? 1 : 0))
                .register(registry);
        GaugeWithCallback.builder()
                .name("gpufit_probe_timestamp_seconds")
                .help("When the figures were probed (Unix time); 0 before the first good probe.")
                .callback(cb -> cb.call(snapshot.probedAtMillis() / 1000.0))
                .register(registry);
    }

    private interface DeviceValue {
        double of(Device d);
    }

    private void deviceGauge(String name, String help, DeviceValue value) {
        GaugeWithCallback.builder()
                .name(name)
                .help(help)
                .labelNames(DEVICE_LABELS)
                .callback(cb -> {
                    for (Device d : snapshot.devices()) {
                        double v = value.of(d);
                        if (!Double.isNaN(v)) {
                            cb.call(v, deviceLabels(d));
                        }
                    }
                })
                .register(registry);
    }

    private static String[] deviceLabels(Device d) {
        return new String[] {
            Integer.toString(d.index()),
            nz(d.uuid()),
            nz(d.name()),
            d.kind().jsonName(),
            nz(d.vendor() == null ? null : d.vendor().jsonName())
        };
    }

    private static String[] modelLabels(WatchedFit f) {
        return new String[] {f.watch().model(), f.watch().contextLabel(), f.index(), f.uuid()};
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** The text exposition for this snapshot; cached until the snapshot changes. */
    public synchronized byte[] render(ProbeSnapshot s) {
        if (s.generation() == renderedGeneration && rendered != null) {
            return rendered;
        }
        snapshot = s;
        WatchEvaluator.Outcome o = watches.evaluate(s.inventory());
        watched = o.results();
        watchErrors = o.errors().size() + o.unknown().size();
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        rendered = out.toByteArray();
        renderedGeneration = s.generation();
        return rendered;
    }

    public static String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }
}
