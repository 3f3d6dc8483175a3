package dev.gpufit.agent;

import dev.gpufit.device.DeviceProbe;
import dev.gpufit.device.ProbeResult;
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

/**
 * Puts one probe between the scrapers and the driver. Answers are reused for {@code ttl}; at
 * most one probe runs at a time, so a scrape storm costs one NVML call per interval; a probe
 * that takes longer than {@code timeout} (a wedged driver) is left running on its own thread
 * while callers get the last good answer marked stale. The hung probe is never started twice.
 */
public final class ProbeCache implements AutoCloseable {
    private final DeviceProbe probe;
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

    private record Attempt(ProbeResult result, double seconds) {}

    public ProbeCache(DeviceProbe probe, Duration ttl, Duration timeout) {
        this(probe, ttl, timeout, System::nanoTime, System::currentTimeMillis);
    }

    ProbeCache(DeviceProbe probe, Duration ttl, Duration timeout, LongSupplier nanoClock, LongSupplier wallClockMillis) {
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
            attempt = new Attempt(ProbeResult.failure("probe failed unexpectedly"), 0);
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
                current = staleOf(current, "device probe did not answer within "
                        + Duration.ofNanos(timeoutNanos).toMillis() + " ms; serving the last good answer");
                generation++;
                current = withGeneration(current);
            }
            return current;
        }
    }

    private Attempt runProbe() {
        long t0 = System.nanoTime();
        ProbeResult r;
        try {
            r = probe.probe();
        } catch (RuntimeException e) {
            // DeviceProbe must not throw; if one does, it is a failed probe, not a dead agent
            r = ProbeResult.failure(probe.name() + " probe failed: " + e.getClass().getSimpleName());
        }
        return new Attempt(r, (System.nanoTime() - t0) / 1e9);
    }

    /** Called under the lock with the result of the probe that was in flight. */
    private void complete(Attempt attempt) {
        inFlight = null;
        currentAtNanos = nanoClock.getAsLong();
        generation++;
        ProbeResult r = attempt.result();
        if (r.failed()) {
            if (!inFlightCountedAsError) {
                errors++;
            }
            if (current != null && current.probedAtMillis() > 0) {
                ProbeSnapshot s = staleOf(current, null);
                List<String> w = new ArrayList<>(r.warnings());
                w.add("the latest probe failed; serving the last good answer");
                current = new ProbeSnapshot(new ProbeResult(s.result().devices(), w, false),
                        s.probedAtMillis(), true, attempt.seconds(), errors, generation);
            } else {
                current = new ProbeSnapshot(r, 0, false, attempt.seconds(), errors, generation);
            }
            return;
        }
        current = new ProbeSnapshot(r, wallClockMillis.getAsLong(), false, attempt.seconds(), errors, generation);
    }

    private ProbeSnapshot staleOf(ProbeSnapshot s, String warning) {
        if (s == null || s.probedAtMillis() == 0) {
            String w = warning == null ? "no probe has completed yet" : warning;
            return new ProbeSnapshot(ProbeResult.failure(w), 0, true, 0, errors, generation);
        }
        List<String> w = new ArrayList<>(s.result().warnings());
        if (warning != null && !w.contains(warning)) {
            w.add(warning);
        }
        return new ProbeSnapshot(new ProbeResult(s.result().devices(), w, false), s.probedAtMillis(), true,
                s.durationSeconds(), errors, generation);
    }

    private ProbeSnapshot withGeneration(ProbeSnapshot s) {
        return new ProbeSnapshot(s.result(), s.probedAtMillis(), s.stale(), s.durationSeconds(), errors, generation);
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
