package dev.gpufit.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpufit.app.ProbeCache;
import dev.gpufit.app.ProbeSnapshot;
import dev.gpufit.device.DeviceInventory;
import dev.gpufit.device.ProbeFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class ProbeCacheTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    /** A probe whose calls block while {@code gate} is closed, and fail while {@code fail} is set. */
    static final class ScriptedProbe implements Supplier<DeviceInventory> {
        final AtomicInteger calls = new AtomicInteger();
        volatile CountDownLatch gate = new CountDownLatch(0);
        volatile boolean fail;
        volatile boolean incomplete;
        volatile boolean gpuLost;

        @Override
        public DeviceInventory get() {
            calls.incrementAndGet();
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (gpuLost) { // GPU 1 fell off the bus; GPU 0 still answers
                return new DeviceInventory(
                        AgentFixtures.HOST,
                        List.of(AgentFixtures.H100),
                        List.of(),
                        List.of("nvml: GPU 1: skipped: GPU is lost"),
                        false,
                        1,
                        List.of(),
                        List.of(new ProbeFailure("nvml", "nvidia:1", "GPU is lost")));
            }
            if (incomplete) {
                return new DeviceInventory(
                        AgentFixtures.HOST,
                        List.of(),
                        List.of(),
                        List.of("nvml: probe gave up after 1.0 s"),
                        false,
                        1,
                        List.of("nvml"));
            }
            return fail
                    ? new DeviceInventory(
                            AgentFixtures.HOST, List.of(), List.of(), List.of("nvml: GPU is lost"), true, 1)
                    : AgentFixtures.inventory(List.of(AgentFixtures.H100));
        }
    }

    private ProbeCache cache(ScriptedProbe p, long timeoutMs) {
        return new ProbeCache(
                p, Duration.ofSeconds(5), Duration.ofMillis(timeoutMs), now::get, () -> 1_700_000_000_000L);
    }

    @Test
    void answersAreReusedWithinTheInterval() {
        ScriptedProbe p = new ScriptedProbe();
        try (ProbeCache c = cache(p, 1000)) {
            ProbeSnapshot a = c.get();
            now.addAndGet(4_000_000_000L);
            assertEquals(a, c.get());
            assertEquals(1, p.calls.get());
            now.addAndGet(2_000_000_000L);
            ProbeSnapshot b = c.get();
            assertEquals(2, p.calls.get());
            assertTrue(b.generation() > a.generation());
            assertFalse(b.stale());
        }
    }

    @Test
    void concurrentCallersShareOneProbe() throws Exception {
        ScriptedProbe p = new ScriptedProbe();
        p.gate = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (ProbeCache c = new ProbeCache(p, Duration.ofSeconds(5), Duration.ofSeconds(10))) {
            List<Future<ProbeSnapshot>> fs = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                fs.add(pool.submit(c::get));
            }
            Thread.sleep(100);
            p.gate.countDown();
            for (Future<ProbeSnapshot> f : fs) {
                assertEquals(1, f.get(5, TimeUnit.SECONDS).devices().size());
            }
            assertEquals(1, p.calls.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aHungProbeServesTheLastGoodAnswerMarkedStale() throws Exception {
        ScriptedProbe p = new ScriptedProbe();
        // the TTL and the probe deadline run on the test's clock; only the first stale answer
        // really waits (150 ms on the real clock, inside Future.get)
        try (ProbeCache c = cache(p, 150)) {
            ProbeSnapshot good = c.get();
            assertFalse(good.stale());
            p.gate = new CountDownLatch(1);
            now.addAndGet(6_000_000_000L); // past the 5 s TTL
            ProbeSnapshot stale = c.get();
            assertTrue(stale.stale());
            assertEquals(good.devices(), stale.devices());
            assertEquals(1, stale.errorsTotal());
            assertTrue(stale.inventory().warnings().get(0).contains("did not answer within 150 ms"));
            // further callers past the hung probe's deadline do not wait on it (the gate stays
            // closed, so waiting would hang into the @Timeout) and do not start a second probe
            now.addAndGet(1_000_000_000L);
            for (int i = 0; i < 5; i++) {
                assertTrue(c.get().stale());
            }
            assertEquals(2, p.calls.get());
            assertEquals(1, c.get().errorsTotal());
            // the driver recovers: the late answer is taken and the flag clears; the probe thread
            // needs a moment to finish, so poll against a generous deadline instead of sleeping
            p.gate.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            ProbeSnapshot fresh = c.get();
            while (fresh.stale() && System.nanoTime() < deadline) {
                Thread.sleep(10);
                fresh = c.get();
            }
            assertFalse(fresh.stale(), "the late answer never landed");
            assertEquals(2, p.calls.get(), "the late answer was taken, not a new probe");
            assertEquals(1, fresh.errorsTotal());
        }
    }

    @Test
    void aFailedProbeKeepsTheLastGoodAnswerAndCountsAnError() {
        ScriptedProbe p = new ScriptedProbe();
        try (ProbeCache c = cache(p, 1000)) {
            c.get();
            p.fail = true;
            now.addAndGet(6_000_000_000L);
            ProbeSnapshot s = c.get();
            assertTrue(s.stale());
            assertEquals(1, s.devices().size());
            assertEquals(1, s.errorsTotal());
            assertTrue(s.inventory().warnings().contains("nvml: GPU is lost"));
            assertEquals(1_700_000_000_000L, s.probedAtMillis());
        }
    }

    @Test
    void aFailureBeforeAnyGoodProbeIsServedAsIs() {
        ScriptedProbe p = new ScriptedProbe();
        p.fail = true;
        try (ProbeCache c = cache(p, 1000)) {
            ProbeSnapshot s = c.get();
            assertTrue(s.inventory().failed());
            assertTrue(s.devices().isEmpty());
            assertEquals(0, s.probedAtMillis());
        }
    }

    @Test
    void anIncompleteProbeKeepsTheLastCompleteAnswerMarkedStale() {
        ScriptedProbe p = new ScriptedProbe();
        try (ProbeCache c = cache(p, 1000)) {
            ProbeSnapshot good = c.get();
            assertEquals(1, good.devices().size());
            p.incomplete = true;
            now.addAndGet(6_000_000_000L);
            ProbeSnapshot s = c.get();
            assertTrue(s.stale(), "GPUs missing because NVML hung must not read as a fresh answer");
            assertEquals(good.devices(), s.devices());
            assertTrue(
                    s.inventory().warnings().stream().anyMatch(w -> w.contains("nvml did not answer")),
                    s.inventory().warnings().toString());
            p.incomplete = false;
            now.addAndGet(6_000_000_000L);
            assertFalse(c.get().stale(), "a complete answer clears the stale mark");
        }
    }

    @Test
    void aLostGpuCountsAnErrorAndMarksTheLastCompleteAnswerStale() {
        ScriptedProbe p = new ScriptedProbe();
        try (ProbeCache c = cache(p, 1000)) {
            ProbeSnapshot good = c.get();
            p.gpuLost = true;
            now.addAndGet(6_000_000_000L);
            ProbeSnapshot s = c.get();
            assertTrue(s.stale(), "a GPU missing from the probe must not read as a fresh answer");
            assertEquals(1, s.errorsTotal());
            assertEquals(good.devices(), s.devices());
        }
    }

    @Test
    void nowNeverWaitsForAHungProbe() throws Exception {
        ScriptedProbe p = new ScriptedProbe();
        p.gate = new CountDownLatch(1);
        try (ProbeCache real = new ProbeCache(p, Duration.ZERO, Duration.ofMillis(300))) {
            ProbeSnapshot first = real.get(); // the agent's first probe, before it listens: times out
            assertTrue(first.stale());
            assertFalse(first.inventory().failures().isEmpty(), "no complete probe yet: a failure to report");
            assertEquals(1, first.errorsTotal());
            for (int i = 0; i < 5; i++) {
                long t0 = System.nanoTime();
                ProbeSnapshot s = real.now();
                assertTrue((System.nanoTime() - t0) / 1_000_000 < 200, "now() waited for the hung probe");
                assertTrue(s.stale());
            }
            assertEquals(1, p.calls.get(), "the hung probe is not started again");
            p.gate.countDown();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (real.now().devices().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(1, real.now().devices().size(), "the answer landed without anyone waiting for it");
        }
    }

    @Test
    void aPartialFirstAnswerKeepsItsFailuresWhenTheNextProbeFails() {
        ScriptedProbe p = new ScriptedProbe();
        p.gpuLost = true;
        try (ProbeCache c = cache(p, 1000)) {
            ProbeSnapshot partial = c.get();
            assertTrue(partial.stale());
            assertEquals(1, partial.inventory().failures().size());
            p.gpuLost = false;
            p.fail = true;
            now.addAndGet(6_000_000_000L);
            ProbeSnapshot s = c.get();
            assertTrue(s.stale());
            assertEquals(
                    partial.inventory().failures(),
                    s.inventory().failures(),
                    "the GPU missing from the served answer must still read as unknown");
        }
    }
}
