package dev.gpufit.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpufit.device.Device;
import dev.gpufit.device.DeviceKind;
import dev.gpufit.device.Vendor;
import dev.gpufit.estimate.Platform;
import dev.gpufit.estimate.Workload;
import dev.gpufit.fit.DeviceFit;
import dev.gpufit.fit.Pick;
import dev.gpufit.fit.Placement;
import dev.gpufit.fit.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which devices each engine runs on, the launch verdict there, and what {@code --pick} chooses. */
class PlacementTest {
    static Workload workload(String engine, int tp) {
        return new WorkloadRequest(null, null, null, null, engine, null, null, null, tp)
                .toWorkload(Platform.LINUX, WorkloadRequestTest.SHOUT);
    }

    static DeviceFit judged(int index, Verdict v, String uuid) {
        Device d = new Device(
                "nvidia:" + index,
                index,
                Vendor.NVIDIA,
                "NVIDIA H100 80GB HBM3",
                uuid,
                null,
                DeviceKind.DISCRETE,
                85_520_809_984L,
                1L,
                0L,
                1L,
                "9.0",
                null,
                "test",
                List.of());
        return new DeviceFit(d, 1, 1, 0, v, v.jsonName(), "test");
    }

    static final List<DeviceFit> BUSY_FIRST = List.of(
            judged(0, Verdict.DOES_NOT_FIT, "GPU-a"),
            judged(1, Verdict.FITS, "GPU-b"),
            judged(2, Verdict.TIGHT, "GPU-c"));

    @Test
    void vllmAndTransformersTakeTheFirstDevices() {
        for (String engine : List.of("vllm", "transformers")) {
            Placement p = Placement.of(workload(engine, 1), BUSY_FIRST);
            assertEquals(Placement.Rule.FIRST_DEVICES, p.rule());
            assertEquals(Verdict.DOES_NOT_FIT, p.verdict(), engine);
            assertEquals(0, p.devices().get(0).device().index());
        }
        Placement tp2 = Placement.of(workload("vllm", 2), BUSY_FIRST.subList(1, 3));
        assertEquals(Verdict.TIGHT, tp2.verdict(), "the worst of the group");
    }

    @Test
    void layerSplittingAndGenericEnginesAreJudgedByTheBestDevice() {
        Placement llama = Placement.of(workload("llama.cpp", 1), BUSY_FIRST);
        assertEquals(Placement.Rule.LAYER_SPLIT, llama.rule());
        assertEquals(Verdict.FITS, llama.verdict());
        assertEquals(3, llama.devices().size(), "every visible device");
        Placement generic = Placement.of(workload("generic", 1), BUSY_FIRST);
        assertEquals(Placement.Rule.ANY_DEVICE, generic.rule());
        assertEquals(Verdict.FITS, generic.verdict());
    }

    @Test
    void pickTakesTheFirstThatFitByUuid() {
        Pick one = Pick.choose(Placement.Rule.FIRST_DEVICES, 1, BUSY_FIRST);
        assertTrue(one.found());
        assertEquals("GPU-b", one.cudaVisibleDevices());
        Pick two = Pick.choose(Placement.Rule.FIRST_DEVICES, 2, BUSY_FIRST);
        assertEquals("GPU-b,GPU-c", two.cudaVisibleDevices());
        Pick three = Pick.choose(Placement.Rule.FIRST_DEVICES, 3, BUSY_FIRST);
        assertFalse(three.found());
        assertNull(three.cudaVisibleDevices());
        Pick split = Pick.choose(Placement.Rule.LAYER_SPLIT, 1, BUSY_FIRST);
        assertEquals("GPU-b,GPU-c", split.cudaVisibleDevices(), "a layer split takes every device that fits");
    }
}
