package dev.gpufit.device;

import dev.gpufit.LazyLogger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;

/**
 * Runs every backend at once, each on its own daemon thread, under one shared deadline.
 * A backend that throws becomes a warning; one that does not answer in time (a hung driver
 * call) is abandoned with a warning and named in {@link ProbeResult#unanswered()}. Daemon
 * threads matter: a thread stuck in a native call cannot be interrupted, and must not keep the
 * JVM alive after the command is done. In a long-running process (the agent) a backend whose
 * previous call is still stuck is not called again: the next probe waits on that same call, so
 * a wedged driver costs one thread, not one per probe.
 */
public final class CompositeProbe implements DeviceProbe {
    // SLF4J and logback start only when a line is written (LazyLogger), one thread at a time.
    private static final Logger LOG = LazyLogger.get(CompositeProbe.class);
    private final List<DeviceProbe> backends;
    private final Duration timeout;
    /** Per backend, the call still running from an earlier probe (a hung driver), if any. */
    private final Map<DeviceProbe, CompletableFuture<ProbeResult>> running = new ConcurrentHashMap<>();

    public CompositeProbe(List<DeviceProbe> backends, Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("probe timeout must be positive");
        }
        this.backends = List.copyOf(backends);
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return "composite";
    }

    /** Devices in backend order, then warnings in backend order; failed when every backend failed. */
    @Override
    public ProbeResult probe() {
        List<CompletableFuture<ProbeResult>> futures = new ArrayList<>();
        for (DeviceProbe backend : backends) {
            futures.add(running.compute(backend, (b, prev) -> prev != null && !prev.isDone() ? prev : start(b)));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Device> devices = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<String> unanswered = new ArrayList<>();
        List<ProbeFailure> gpuFailures = new ArrayList<>();
        int failures = 0;
        for (int i = 0; i < backends.size(); i++) {
            DeviceProbe backend = backends.get(i);
            ProbeResult r = await(backend, futures.get(i), deadline);
            devices.addAll(r.devices());
            warnings.addAll(r.warnings());
            if (!futures.get(i).isDone()) {
                unanswered.add(backend.name());
            }
            if (r.failed()) {
                failures++;
            }
            if (backend.findsGpus()) {
                gpuFailures.addAll(r.failures());
                if (r.failed() && r.failures().isEmpty()) { // a backend that said only "failed"
                    String why = r.warnings().isEmpty()
                            ? "probe failed"
                            : r.warnings().get(0);
                    gpuFailures.add(ProbeFailure.backend(backend.name(), strip(backend.name(), why)));
                }
            }
        }
        return new ProbeResult(
                devices, warnings, !backends.isEmpty() && failures == backends.size(), unanswered, gpuFailures);
    }

    /** "nvml: reason" without its "nvml: ": the failure names its backend itself. */
    private static String strip(String backend, String warning) {
        String prefix = backend + ": ";
        return warning.startsWith(prefix) ? warning.substring(prefix.length()) : warning;
    }

    private static CompletableFuture<ProbeResult> start(DeviceProbe backend) {
        CompletableFuture<ProbeResult> f = new CompletableFuture<>();
        Thread t = new Thread(
                () -> {
                    try {
                        f.complete(backend.probe());
                    } catch (Throwable e) { // a backend bug must not hide the other backends
                        f.completeExceptionally(e);
                    }
                },
                "gpufit-probe-" + backend.name());
        t.setDaemon(true);
        t.start();
        return f;
    }

    private ProbeResult await(DeviceProbe backend, CompletableFuture<ProbeResult> f, long deadline) {
        long left = Math.max(0, deadline - System.nanoTime());
        try {
            ProbeResult r = f.get(left, TimeUnit.NANOSECONDS);
            LOG.debug("backend {} answered: {}", backend.name(), r);
            return r == null ? ProbeResult.failure(backend.name() + ": probe returned nothing") : r;
        } catch (TimeoutException e) {
            return ProbeResult.failure(String.format(
                    Locale.ROOT,
                    "%s: probe gave up after %s; the backend did not answer (a hung driver call?),"
                            + " its devices are not listed; raise --probe-timeout if the machine is just slow",
                    backend.name(),
                    seconds(timeout)));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return ProbeResult.failure(backend.name() + ": probe failed: " + cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ProbeResult.failure(backend.name() + ": probe interrupted");
        }
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
