package dev.gpufit.app;

import dev.gpufit.device.DeviceInventory;
import dev.gpufit.device.HostInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Puts one probe between the scrapers and the driver. Answers are reused for {@code ttl}; at
 * most one probe runs at a time, so a scrape storm costs one NVML call per interval; a probe
 * that takes longer than {@code timeout} (a wedged driver) is left running on its own thread
 * while callers get the last good answer marked stale. The hung probe is never started twice.
 */
public final class ProbeCache implements AutoCloseable {
    private static final HostInfo NO_HOST = new HostInfo(null, null, null, null, null, null, null, null, null);

    private final Supplier<DeviceInventory> probe;
    private final long ttlNanos;
    private final long timeoutNanos;
    private final LongSupplier nanoClock;
    private final LongSupplier wallClockMillis;
    private final ExecutorService worker;

    private ProbeSnapshot current;
    private long currentAtNanos;
    private CompletableFuture<Attempt> inFlight;
    private long inFlightSinceNanos;
    private boolean inFlightCountedAsError;
    private long errors;
    private long generation;

    private record Attempt(DeviceInventory inventory, double seconds) {}

    public ProbeCache(Supplier<DeviceInventory> probe, Duration ttl, Duration timeout) {
        this(probe, ttl, timeout, System::nanoTime, System::currentTimeMillis);
    }

    /** With the monotonic and wall clocks given (tests). */
    public ProbeCache(
            Supplier<DeviceInventory> probe,
            Duration ttl,
            Duration timeout,
            LongSupplier nanoClock,
            LongSupplier wallClockMillis) {
        this.probe = probe;
        this.ttlNanos = ttl.toNanos();
        this.timeoutNanos = timeout.toNanos();
        this.nanoClock = nanoClock;
        this.wallClockMillis = wallClockMillis;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "gpufit-probe");
            t.setDaemon(true); // a wedged driver call must not keep the JVM alive at shutdown
            return t;
        });
    }

    /** The answer to serve now; probes when the cached one is older than the TTL. */
    public ProbeSnapshot get() {
        CompletableFuture<Attempt> waitFor;
        long deadline;
        synchronized (this) {
            long now = nanoClock.getAsLong();
            if (current != null && inFlight == null && now - currentAtNanos < ttlNanos) {
                return current;
            }
            if (inFlight == null) {
                inFlight = CompletableFuture.supplyAsync(this::runProbe, worker);
                inFlightSinceNanos = now;
                inFlightCountedAsError = false;
            }
            waitFor = inFlight;
            deadline = inFlightSinceNanos + timeoutNanos;
        }
        Attempt attempt = null;
        try {
            long wait = deadline - nanoClock.getAsLong();
            attempt = waitFor.get(Math.max(0, wait), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // fall through: serve stale
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            attempt = new Attempt(failure("device probe failed unexpectedly"), 0);
        }
        synchronized (this) {
            if (attempt != null) {
                if (inFlight == waitFor) {
                    complete(attempt);
                }
                return current;
            }
            if (inFlight == waitFor && !inFlightCountedAsError) {
                inFlightCountedAsError = true;
                errors++;
                generation++;
                current = staleOf(
                        current,
                        "device probe did not answer within "
                                + Duration.ofNanos(timeoutNanos).toMillis() + " ms; serving the last good answer");
            }
            return current;
        }
    }

    private Attempt runProbe() {
        long t0 = System.nanoTime();
        DeviceInventory inv;
        try {
            inv = probe.get();
        } catch (RuntimeException e) {
            // probes must not throw; if one does, it is a failed probe, not a dead agent
            inv = failure("device probe failed: " + e.getClass().getSimpleName());
        }
        return new Attempt(inv, (System.nanoTime() - t0) / 1e9);
    }

    /** Called under the lock with the result of the probe that was in flight. */
    private void complete(Attempt attempt) {
        inFlight = null;
        currentAtNanos = nanoClock.getAsLong();
        generation++;
        DeviceInventory inv = attempt.inventory();
        if (inv.failed() || inv.incomplete()) {
            if (!inFlightCountedAsError) {
                errors++;
            }
            if (current != null && current.probedAtMillis() > 0) {
                List<String> w = new ArrayList<>(inv.warnings());
                w.add(
                        inv.failed()
                                ? "the latest probe failed; serving the last good answer"
                                : "the latest probe is incomplete (" + String.join(", ", inv.unanswered())
                                        + " did not answer); serving the last complete answer");
                DeviceInventory last = current.inventory();
                current = new ProbeSnapshot(
                        new DeviceInventory(last.host(), last.devices(), last.hidden(), w, false, last.elapsedMillis()),
                        current.probedAtMillis(),
                        true,
                        attempt.seconds(),
                        errors,
                        generation);
            } else {
                // nothing complete to fall back on: serve what answered, marked stale if partial
                current = new ProbeSnapshot(
                        inv,
                        inv.failed() ? 0 : wallClockMillis.getAsLong(),
                        inv.incomplete(),
                        attempt.seconds(),
                        errors,
                        generation);
            }
            return;
        }
        current = new ProbeSnapshot(inv, wallClockMillis.getAsLong(), false, attempt.seconds(), errors, generation);
    }

    private ProbeSnapshot staleOf(ProbeSnapshot s, String warning) {
        if (s == null || s.probedAtMillis() == 0) {
            return new ProbeSnapshot(failure(warning), 0, true, 0, errors, generation);
        }
        DeviceInventory last = s.inventory();
        List<String> w = new ArrayList<>(last.warnings());
        if (!w.contains(warning)) {
            w.add(warning);
        }
        return new ProbeSnapshot(
                new DeviceInventory(last.host(), last.devices(), last.hidden(), w, false, last.elapsedMillis()),
                s.probedAtMillis(),
                true,
                s.durationSeconds(),
                errors,
                generation);
    }

    private static DeviceInventory failure(String warning) {
        return new DeviceInventory(NO_HOST, List.of(), List.of(), List.of(warning), true, 0);
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
