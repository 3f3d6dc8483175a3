package dev.gpufit.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpufit.Bytes;
import dev.gpufit.device.Device;
import dev.gpufit.device.DeviceKind;
import dev.gpufit.device.GpuProcess;
import dev.gpufit.device.Vendor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * "Fits once PID ... exits" over the seed formula (the 7B at 512 tokens needs 16,402,653,184
 * bytes): which processes, and the exact bytes they free.
 */
class ProcessReliefTest {
    static final long NEED = 16_402_653_184L;
    static final long GIB = Bytes.GIB;

    final FitJudge judge = new FitJudge(EstimateFunction.standard());

    static GpuProcess proc(long pid, String name, Long used) {
        return new GpuProcess(pid, name, used, GpuProcess.Type.COMPUTE);
    }

    static Device gpu(long total, long free, List<GpuProcess> processes) {
        return new Device(
                "nvidia:0",
                0,
                Vendor.NVIDIA,
                "Test GPU",
                "GPU-0",
                null,
                DeviceKind.DISCRETE,
                total,
                free,
                0L,
                free,
                null,
                null,
                "test",
                List.of(),
                processes);
    }

    DeviceFit judged(Device d, Budget budget) {
        return judge.judge(FitJudgeTest.SEVEN_B, FitJudgeTest.SEED, List.of(d), budget)
                .devices()
                .get(0);
    }

    @Test
    void theLargestProcessAloneIsNamedWithItsSize() {
        long python3 = 75_268_374_528L;
        long xorg = 1_258_291_200L;
        Device d = gpu(
                80 * GIB, 80 * GIB - python3 - xorg, List.of(proc(977, "Xorg", xorg), proc(4121, "python3", python3)));
        DeviceFit f = judged(d, Budget.FREE);
        assertEquals(Verdict.DOES_NOT_FIT, f.verdict(), "the verdict stands: the process is running");
        long shortBy = NEED - (80 * GIB - python3 - xorg);
        assertEquals(
                "short by " + Bytes.human(shortBy) + " (" + Bytes.grouped(shortBy) + " bytes)"
                        + "; fits once PID 4121 (python3, 70.10 GiB) exits",
                f.reason());
        ProcessRelief r = f.processExits();
        assertTrue(r.possible());
        assertEquals(List.of(4121L), r.processes().stream().map(GpuProcess::pid).toList());
        assertEquals(python3, r.freedBytes());
    }

    @Test
    void theFewestProcessesLargestFirstToTheByte() {
        long a = 10 * GIB;
        long b = 4 * GIB;
        long c = GIB;
        List<GpuProcess> procs = List.of(proc(3, null, c), proc(2, "b", b), proc(1, "a", a));
        // a and b free exactly what is missing: that fits (tightly)
        ProcessRelief exact =
                judged(gpu(80 * GIB, NEED - a - b, procs), Budget.FREE).processExits();
        assertEquals(
                List.of(1L, 2L), exact.processes().stream().map(GpuProcess::pid).toList());
        assertEquals(a + b, exact.freedBytes());
        assertEquals("fits once PIDs 1 (a, 10.00 GiB) and 2 (b, 4.00 GiB) exit", exact.phrase());
        // one byte less free: the three of them
        ProcessRelief all =
                judged(gpu(80 * GIB, NEED - a - b - 1, procs), Budget.FREE).processExits();
        assertEquals(
                List.of(1L, 2L, 3L),
                all.processes().stream().map(GpuProcess::pid).toList());
        assertEquals(a + b + c, all.freedBytes());
        assertEquals("fits once PIDs 1 (a, 10.00 GiB), 2 (b, 4.00 GiB), and 3 (1.00 GiB) exit", all.phrase());
    }

    @Test
    void noneWhenEvenEveryExitWouldNotDo() {
        List<GpuProcess> procs = List.of(proc(1, "a", GIB), proc(2, "b", GIB), proc(3, "c", null));
        DeviceFit f = judged(gpu(80 * GIB, GIB, procs), Budget.FREE);
        ProcessRelief r = f.processExits();
        assertFalse(r.possible());
        assertEquals(List.of(), r.processes());
        assertEquals(2 * GIB, r.freedBytes(), "what all processes of known size would free");
        assertEquals(1, r.unsized());
        assertTrue(
                f.reason()
                        .endsWith("; fits once processes exit: none (even if every process on it exited, freeing"
                                + " 2.00 GiB, it would not fit; 1 process of unknown size not counted)"),
                f.reason());
    }

    @Test
    void aProcessCannotFreeMoreThanTheDeviceHands() {
        // a process's figure can exceed what free lacks (shared or counted elsewhere): the device caps it
        Device d = gpu(15 * GIB, GIB, List.of(proc(1, "a", 40 * GIB)));
        assertEquals(15 * GIB, ProcessRelief.withFreed(d, 40 * GIB).freeBytes());
        assertEquals(15 * GIB, ProcessRelief.withFreed(d, 40 * GIB).usableBytes());
        assertFalse(
                judged(d, Budget.FREE).processExits().possible(),
                "a 15 GiB device cannot hold the 15.28 GiB need, whatever exits");
    }

    @Test
    void notWeighedWhenItCannotBe() {
        List<GpuProcess> procs = List.of(proc(1, "a", 70 * GIB));
        assertNull(judged(gpu(80 * GIB, 80 * GIB, procs), Budget.FREE).processExits(), "it fits");
        assertNull(judged(gpu(80 * GIB, 10 * GIB, null), Budget.FREE).processExits(), "processes unknown");
        assertNull(
                judged(gpu(80 * GIB, 10 * GIB, List.of(proc(1, "a", null))), Budget.FREE)
                        .processExits(),
                "no process of known size");
        assertNull(
                judged(gpu(10 * GIB, GIB, List.of(proc(1, "a", 9 * GIB))), Budget.TOTAL)
                        .processExits(),
                "--budget total already counts the memory as free");
        DeviceFit plain = judged(gpu(80 * GIB, 10 * GIB, List.of()), Budget.FREE);
        assertNull(plain.processExits(), "an empty list frees nothing");
        assertTrue(plain.reason().startsWith("short by") && !plain.reason().contains("fits once"), plain.reason());
    }

    @Test
    void vllmIsJudgedByItsOwnRules() {
        // vLLM needs 0.9 x 80 GiB + 32 CUDA graphs x 26 MiB + 512 MiB context = 73.31 GiB free to start
        List<GpuProcess> procs = List.of(proc(1, "small", 10 * GIB), proc(2, "big", 14 * GIB));
        DeviceFit f = judge.judge(
                        VllmFitTest.LLAMA,
                        VllmFitTest.vllm(8192, "0.9"),
                        List.of(gpu(80 * GIB, 60 * GIB, procs)),
                        Budget.FREE)
                .devices()
                .get(0);
        assertEquals(Verdict.DOES_NOT_FIT, f.verdict());
        assertTrue(f.reason().startsWith("vLLM would refuse to start"), f.reason());
        assertTrue(f.reason().endsWith("; fits once PID 2 (big, 14.00 GiB) exits"), f.reason());
        assertEquals(14 * GIB, f.processExits().freedBytes());
        // a KV cache that cannot hold one max_model_len request is not a matter of free memory
        DeviceFit kvShort = judge.judge(
                        VllmFitTest.LLAMA,
                        VllmFitTest.vllm(131072, "0.9"),
                        List.of(gpu(24 * GIB, 20 * GIB, List.of(proc(3, "x", 4 * GIB)))),
                        Budget.FREE)
                .devices()
                .get(0);
        assertFalse(kvShort.processExits().possible(), kvShort.reason());
    }
}
