package dev.gpufit.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class CompositeProbeTest {
    static DeviceProbe probe(String name, java.util.function.Supplier<ProbeResult> body) {
        return new DeviceProbe() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public ProbeResult probe() {
                return body.get();
            }
        };
    }

    static final Device HOST = new Device(
            "host",
            0,
            Vendor.HOST,
            "cpu (host RAM)",
            null,
            null,
            DeviceKind.HOST,
            100,
            50L,
            null,
            50,
            null,
            null,
            "OS available memory",
            List.of());

    @Test
    void oneBrokenBackendDoesNotHideTheOthers() {
        ProbeResult r = new CompositeProbe(
                        List.of(
                                probe("boom", () -> {
                                    throw new IllegalStateException("bug");
                                }),
                                probe("bad", () -> ProbeResult.failure("bad: driver says no")),
                                probe("host", () -> ProbeResult.of(List.of(HOST), List.of()))),
                        Duration.ofSeconds(5))
                .probe();
        assertEquals(List.of(HOST), r.devices());
        assertFalse(r.failed(), "one backend answered");
        assertTrue(
                r.warnings().get(0).startsWith("boom: probe failed"),
                r.warnings().toString());
        assertEquals("bad: driver says no", r.warnings().get(1));
    }

    @Test
    void hungBackendIsAbandonedAtTheDeadline() {
        CountDownLatch never = new CountDownLatch(1);
        long start = System.nanoTime();
        ProbeResult r = new CompositeProbe(
                        List.of(
                                probe("hung", () -> {
                                    try {
                                        never.await();
                                    } catch (InterruptedException e) {
                                        Thread.currentThread().interrupt();
                                    }
                                    return ProbeResult.of(List.of(), List.of());
                                }),
                                probe("host", () -> ProbeResult.of(List.of(HOST), List.of()))),
                        Duration.ofMillis(300))
                .probe();
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms < 300 + 3000, "gave up near the deadline, took " + ms + " ms");
        assertEquals(List.of(HOST), r.devices());
        assertTrue(
                r.warnings().get(0).contains("hung: probe gave up after 0.3 s"),
                r.warnings().toString());
        assertEquals(List.of("hung"), r.unanswered(), "the result says it is incomplete");
    }

    @Test
    void aStillHungBackendIsWaitedOnNotCalledAgain() {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch returned = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        Device gpu = new Device(
                "nvidia:0",
                0,
                Vendor.NVIDIA,
                "GPU",
                null,
                null,
                DeviceKind.DISCRETE,
                100,
                100L,
                null,
                100,
                null,
                null,
                "t",
                List.of());
        CompositeProbe composite = new CompositeProbe(
                List.of(probe("hung", () -> {
                    calls.incrementAndGet();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    returned.countDown();
                    return ProbeResult.of(List.of(gpu), List.of());
                })),
                Duration.ofMillis(200));
        assertEquals(List.of("hung"), composite.probe().unanswered());
        assertEquals(List.of("hung"), composite.probe().unanswered());
        assertEquals(1, calls.get(), "one stuck call, not one per probe");
        release.countDown(); // the driver call returns: the next probe takes its answer
        try {
            // on a loaded machine the woken thread may need a while to run; wait for it here so
            // the probe below is not racing the scheduler against its 200 ms deadline
            assertTrue(returned.await(30, java.util.concurrent.TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        ProbeResult late = composite.probe();
        assertEquals(List.of(gpu), late.devices());
        assertTrue(late.unanswered().isEmpty());
        int before = calls.get();
        composite.probe();
        assertEquals(before + 1, calls.get(), "a finished call is not reused: each probe after it calls again");
    }

    @Test
    void failsOnlyWhenEveryBackendFails() {
        ProbeResult r = new CompositeProbe(
                        List.of(
                                probe("a", () -> ProbeResult.failure("a: no")),
                                probe("b", () -> ProbeResult.failure("b: no"))),
                        Duration.ofSeconds(1))
                .probe();
        assertTrue(r.failed());
        assertEquals(List.of("a: no", "b: no"), r.warnings());
    }
}
