package dev.gpufit.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpufit.BadInputException;
import dev.gpufit.Bytes;
import dev.gpufit.device.Device;
import dev.gpufit.device.DeviceKind;
import dev.gpufit.device.Vendor;
import dev.gpufit.estimate.Method;
import dev.gpufit.estimate.Platform;
import dev.gpufit.estimate.WeightPrecision;
import dev.gpufit.estimate.Workload;
import dev.gpufit.model.ModelSpec;
import dev.gpufit.note.Change;
import dev.gpufit.note.Setting;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Judgement over the seed formula, whose arithmetic is simple enough to check by hand:
 * at 16 bits, 32 layers and hidden 4096, M(s) = 16e9 + 786,432·s bytes on Linux.
 */
class FitJudgeTest {
    static final ModelSpec SEVEN_B = ModelSpec.builder()
            .id("seed-7b")
            .source("manual")
            .parameters(7_000_000_000L)
            .layers(32)
            .hiddenSize(4096)
            .attentionHeads(32)
            .kvHeads(32)
            .headDim(128)
            .build();
    static final Workload SEED =
            new Workload(1, 512L, WeightPrecision.of("fp16"), null, null, Method.SEED, Platform.LINUX, 1, Map.of());
    static final long PER_TOKEN = 786_432L;
    static final long FIXED = 16_000_000_000L;

    static Device gpu(int index, long total, long free) {
        return new Device(
                "nvidia:" + index,
                index,
                Vendor.NVIDIA,
                "Test GPU",
                "GPU-" + index,
                null,
                DeviceKind.DISCRETE,
                total,
                free,
                0L,
                free,
                null,
                null,
                "test",
                List.of());
    }

    final FitJudge judge = new FitJudge(EstimateFunction.standard());

    @Test
    void roomyDeviceFitsWithExactHeadroom() {
        FitResult r = judge.judge(SEVEN_B, SEED, List.of(gpu(0, 80 * Bytes.GIB, 80 * Bytes.GIB)), Budget.FREE);
        assertEquals(Verdict.FITS, r.verdict());
        assertEquals(16_402_653_184L, r.devices().get(0).neededBytes());
        assertEquals(80 * Bytes.GIB - 16_402_653_184L, r.devices().get(0).headroomBytes());
        assertTrue(r.advice().isEmpty());
    }

    @Test
    void otherProcessesMemoryCountsAgainstTheModelUnlessBudgetIsTotal() {
        Device busy = gpu(0, 80 * Bytes.GIB, 10 * Bytes.GIB);
        FitResult free = judge.judge(SEVEN_B, SEED, List.of(busy), Budget.FREE);
        assertEquals(Verdict.DOES_NOT_FIT, free.verdict());
        assertEquals(10 * Bytes.GIB - 16_402_653_184L, free.devices().get(0).headroomBytes());
        assertTrue(free.devices().get(0).reason().startsWith("short by"));
        assertEquals(
                Verdict.FITS,
                judge.judge(SEVEN_B, SEED, List.of(busy), Budget.TOTAL).verdict());
    }

    @Test
    void tightUnderOneGibOrUnderFivePercent() {
        long need = 16_402_653_184L;
        DeviceFit underGib =
                FitJudge.judgeDevice(gpu(0, 20 * Bytes.GIB, 0), new DeviceBudget(need + 512 * Bytes.MIB, "t"), need);
        assertEquals(Verdict.TIGHT, underGib.verdict());
        assertTrue(underGib.reason().contains("under 1 GiB"), underGib.reason());
        DeviceFit underFivePercent =
                FitJudge.judgeDevice(gpu(0, 100 * Bytes.GIB, 0), new DeviceBudget(need + 2 * Bytes.GIB, "t"), need);
        assertEquals(Verdict.TIGHT, underFivePercent.verdict());
        assertTrue(underFivePercent.reason().contains("under 5 %"), underFivePercent.reason());
        DeviceFit zero = FitJudge.judgeDevice(gpu(0, 20 * Bytes.GIB, 0), new DeviceBudget(need, "t"), need);
        assertEquals(Verdict.TIGHT, zero.verdict(), "exactly enough still fits, but tightly");
        DeviceFit oneShort = FitJudge.judgeDevice(gpu(0, 20 * Bytes.GIB, 0), new DeviceBudget(need - 1, "t"), need);
        assertEquals(Verdict.DOES_NOT_FIT, oneShort.verdict());
    }

    @Test
    void withoutTpAnyFittingDeviceIsEnough() {
        List<Device> two = List.of(gpu(0, 80 * Bytes.GIB, 5 * Bytes.GIB), gpu(1, 80 * Bytes.GIB, 80 * Bytes.GIB));
        FitResult r = judge.judge(SEVEN_B, SEED, two, Budget.FREE);
        assertEquals(Verdict.FITS, r.verdict());
        assertEquals(Verdict.DOES_NOT_FIT, r.devices().get(0).verdict());
        assertEquals(Verdict.FITS, r.devices().get(1).verdict());
    }

    @Test
    void tensorParallelNeedsEnoughDevices() {
        BadInputException e = assertThrows(
                BadInputException.class,
                () -> judge.judge(
                        SEVEN_B,
                        SEED.withTensorParallel(4),
                        List.of(gpu(0, 80 * Bytes.GIB, 80 * Bytes.GIB)),
                        Budget.FREE));
        assertTrue(e.getMessage().contains("needs 4 devices"), e.getMessage());
    }

    @Test
    void adviceGivesTheExactLargestContext() {
        long budget = FIXED + PER_TOKEN * 1000 + 123; // room for exactly 1000 tokens
        FitResult r =
                judge.judge(SEVEN_B, SEED.withContext(4096L), List.of(gpu(0, 40 * Bytes.GIB, budget)), Budget.FREE);
        assertEquals(Verdict.DOES_NOT_FIT, r.verdict());
        assertEquals(
                List.of(new Change(Setting.CONTEXT, "1000")),
                r.advice().get(0).changes(),
                r.advice().toString());
        assertTrue(
                r.advice().stream().anyMatch(a -> a.changes().contains(new Change(Setting.DTYPE, "fp8"))),
                r.advice().toString());
    }

    @Test
    void searchBoundaryIsExact() {
        Device gpu = gpu(0, 80 * Bytes.GIB, 80 * Bytes.GIB);
        Search s =
                new Search(EstimateFunction.standard(), SEVEN_B, gpu, new DeviceBudget(FIXED + PER_TOKEN * 7777, "t"));
        long best = s.largestContext(SEED);
        assertEquals(7777, best);
        assertTrue(s.fits(SEED.withContext(best)));
        assertFalse(s.fits(SEED.withContext(best + 1)));
        // batch b at 512 tokens costs 786,432·512·b on top of 16e9
        Search b = new Search(
                EstimateFunction.standard(), SEVEN_B, gpu, new DeviceBudget(FIXED + PER_TOKEN * 512 * 13 + 5, "t"));
        assertEquals(13, b.largestBatch(SEED));
    }

    @Test
    void splitSearchSkipsDegreesThatDoNotDivideTheHeads() {
        // Llama-3-8B (32 heads, 8 KV heads): a budget just under the tp 2 share. tp 3 would fit but
        // cannot split 8 KV heads, so the answer is 4.
        ModelSpec llama = dev.gpufit.Fixtures.spec(dev.gpufit.Fixtures.LLAMA_3_8B);
        Workload w = new Workload(1, 8192L, null, null, null, Method.DETAILED, Platform.LINUX, 1, Map.of());
        long needAt2 = EstimateFunction.standard()
                .estimate(llama, w.withTensorParallel(2))
                .deviceBytes();
        Device gpu = gpu(0, 80 * Bytes.GIB, 80 * Bytes.GIB);
        Search s = new Search(EstimateFunction.standard(), llama, gpu, new DeviceBudget(needAt2 - 1, "t"));
        assertEquals(4, s.devicesNeeded(w, FitJudge.MAX_DEVICES_SUGGESTED));
    }

    @Test
    void splitSearchCopesWhenTwoDevicesCannotSplitTheModel() {
        // 6 heads, 3 KV heads: tp 2 divides neither way, tp 3 and 6 do
        ModelSpec odd = ModelSpec.builder()
                .id("odd")
                .source("manual")
                .architecture("llama")
                .layers(4)
                .hiddenSize(384)
                .attentionHeads(6)
                .kvHeads(3)
                .headDim(64)
                .vocabSize(1000)
                .intermediateSize(1024)
                .nativeDtype("bf16")
                .build();
        Workload w = new Workload(1, 1024L, null, null, null, Method.DETAILED, Platform.LINUX, 1, Map.of());
        long needAt3 = EstimateFunction.standard()
                .estimate(odd, w.withTensorParallel(3))
                .deviceBytes();
        Search s = new Search(
                EstimateFunction.standard(),
                odd,
                gpu(0, 80 * Bytes.GIB, 80 * Bytes.GIB),
                new DeviceBudget(needAt3, "t"));
        assertTrue(s.splits(w, FitJudge.MAX_DEVICES_SUGGESTED));
        assertEquals(3, s.devicesNeeded(w, FitJudge.MAX_DEVICES_SUGGESTED));
    }

    @Test
    void judgeDevicesGivesTheVerdictsJudgeGivesWithoutAdvice() {
        List<Device> devices = List.of(gpu(0, 80 * Bytes.GIB, 10 * Bytes.GIB), gpu(1, 80 * Bytes.GIB, 80 * Bytes.GIB));
        FitResult full = judge.judge(SEVEN_B, SEED, devices, Budget.FREE);
        assertEquals(full.devices(), judge.judgeDevices(SEVEN_B, SEED, devices, Budget.FREE));
    }

    @Test
    void judgeDevicesRefusesATensorParallelGroupLikeJudge() {
        BadInputException e = assertThrows(
                BadInputException.class,
                () -> judge.judgeDevices(
                        SEVEN_B,
                        SEED.withTensorParallel(2),
                        List.of(gpu(0, 80 * Bytes.GIB, 80 * Bytes.GIB)),
                        Budget.FREE));
        assertTrue(e.getMessage().contains("--tp 2 needs 2 devices"), e.getMessage());
    }
}
