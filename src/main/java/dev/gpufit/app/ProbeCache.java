package dev.gpufit.app;

import dev.gpufit.device.DeviceInventory;
import dev.gpufit.device.HostInfo;
import dev.gpufit.device.ProbeFailure;
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

    /**
     * The answer once the probe has answered: probes when the cached one is older than the TTL
     * and waits for it, at most until the probe timeout (then the last good answer, stale). For
     * one-shot callers (nfd, the agent's first probe).
     */
    public ProbeSnapshot get() {
        CompletableFuture<Attempt> waitFor;
        long deadline;
        synchronized (this) {
            long now = nanoClock.getAsLong();
            if (current != null && inFlight == null && now - currentAtNanos < ttlNanos) {
                return current;
            }
            waitFor = startIfIdle(now);
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
            markOverdue(waitFor);
            return current;
        }
    }

    /**
     * The answer to serve now, without waiting: the last complete probe while a new one runs in
     * the background (started when the cached one is older than the TTL). A probe running past
     * the timeout marks the answer stale and counts one error. Only the very first call, with no
     * answer at all yet, waits as {@link #get()} does (the agent makes it before it listens, so a
     * scrape never waits for the driver); a probe still running after that first timeout is
     * served as a failed probe saying so.
     */
    public ProbeSnapshot now() {
        boolean first;
        synchronized (this) {
            first = current == null && inFlight == null;
        }
        if (first) {
            return get();
        }
        synchronized (this) {
            long now = nanoClock.getAsLong();
            if (inFlight == null && (current == null || now - currentAtNanos >= ttlNanos)) {
                startIfIdle(now);
            }
            if (inFlight != null && now - inFlightSinceNanos >= timeoutNanos) {
                markOverdue(inFlight);
            }
            if (current == null) {
                return new ProbeSnapshot(
                        failure("the first device probe has not finished yet (running for "
                                + Duration.ofNanos(now - inFlightSinceNanos).toMillis() + " ms)"),
                        0,
                        true,
                        0,
                        errors,
                        generation);
            }
            return current;
        }
    }

    /** The probe in flight, started now if none is; it completes this cache when it answers. Under the lock. */
    private CompletableFuture<Attempt> startIfIdle(long now) {
        if (inFlight == null) {
            CompletableFuture<Attempt> f = CompletableFuture.supplyAsync(this::runProbe, worker);
            inFlight = f;
            inFlightSinceNanos = now;
            inFlightCountedAsError = false;
            // nobody may be waiting (now()): the answer lands in the cache by itself
            f.whenComplete((a, e) -> {
                synchronized (this) {
                    if (inFlight == f) {
                        complete(a != null ? a : new Attempt(failure("device probe failed unexpectedly"), 0));
                    }
                }
            });
            return f;
        }
        return inFlight;
    }

    /** The probe in flight ran past the timeout: one error, and the last good answer marked stale. Under the lock. */
    private void markOverdue(CompletableFuture<Attempt> f) {
        if (inFlight == f && !inFlightCountedAsError) {
            inFlightCountedAsError = true;
            errors++;
            generation++;
            current = staleOf(
                    current,
                    "device probe did not answer within "
                            + Duration.ofNanos(timeoutNanos).toMillis() + " ms; serving the last good answer");
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
        if (inv.failed() || inv.incomplete() || inv.gpuProbeFailed()) {
            if (!inFlightCountedAsError) {
                errors++;
            }
            if (current != null && current.probedAtMillis() > 0) {
                List<String> w = new ArrayList<>(inv.warnings());
                w.add(
                        inv.failed()
                                ? "the latest probe failed; serving the last good answer"
                                : inv.incomplete()
                                        ? "the latest probe is incomplete (" + String.join(", ", inv.unanswered())
                                                + " did not answer); serving the last complete answer"
                                        : "a GPU could not be read in the latest probe; serving the last complete"
                                                + " answer");
                DeviceInventory last = current.inventory();
                current = new ProbeSnapshot(
                        new DeviceInventory(
                                last.host(),
                                last.devices(),
                                last.hidden(),
                                w,
                                false,
                                last.elapsedMillis(),
                                last.unanswered(),
                                last.failures()), // a partial answer stays one
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
                        inv.incomplete() || inv.gpuProbeFailed(),
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
                new DeviceInventory(
                        last.host(),
                        last.devices(),
                        last.hidden(),
                        w,
                        false,
                        last.elapsedMillis(),
                        last.unanswered(),
                        last.failures()), // a partial answer stays one
                s.probedAtMillis(),
                true,
                s.durationSeconds(),
                errors,
                generation);
    }

    /** No answer at all: a failed probe, whose failure the gate reports (a fit question gets 503). */
    private static DeviceInventory failure(String warning) {
        return new DeviceInventory(
                NO_HOST,
                List.of(),
                List.of(),
                List.of(warning),
                true,
                0,
                List.of(),
                List.of(ProbeFailure.backend("probe", warning)));
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
