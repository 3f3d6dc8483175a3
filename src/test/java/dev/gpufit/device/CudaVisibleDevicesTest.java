package dev.gpufit.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** CUDA_VISIBLE_DEVICES against three GPUs (two share a UUID prefix) and one MIG instance. */
class CudaVisibleDevicesTest {
    static final String UUID0 = "GPU-0d3f5a1c-1111-2222-3333-444455556666";
    static final String UUID1 = "GPU-7a9e2b44-1111-2222-3333-444455556666";
    static final String UUID2 = "GPU-7a9e9999-1111-2222-3333-444455556666";
    static final String MIG = "MIG-3c2b1a00-aaaa-bbbb-cccc-ddddeeeeffff";
    static final List<Device> NVIDIA = List.of(
            TestDevices.gpu(0, "NVIDIA H100 80GB HBM3", UUID0),
            TestDevices.gpu(1, "NVIDIA H100 80GB HBM3", UUID1),
            TestDevices.gpu(2, "NVIDIA H100 80GB HBM3", UUID2),
            TestDevices.mig(0, 0, MIG));

    static Stream<Arguments> cases() {
        return Stream.of(
                // value, visible ids in CUDA order, a phrase some warning must contain ("" = no warnings)
                Arguments.of(null, List.of("nvidia:0", "nvidia:1", "nvidia:2", "nvidia:0/mig:0"), ""),
                Arguments.of("", List.of(), "set but empty"),
                Arguments.of("1,0", List.of("nvidia:1", "nvidia:0", "nvidia:0/mig:0"), "hides 1"),
                Arguments.of(
                        "0,2,-1,1",
                        List.of("nvidia:0", "nvidia:2", "nvidia:0/mig:0"),
                        "entry \"-1\" is not a valid device"),
                Arguments.of("1,1", List.of(), "names a device twice"),
                Arguments.of("2gpu,0", List.of("nvidia:2", "nvidia:0", "nvidia:0/mig:0"), "hides 1"),
                Arguments.of("0,7,1", List.of("nvidia:0", "nvidia:0/mig:0"), "ordinal 7 names no GPU"),
                Arguments.of("GPU-0d3f", List.of("nvidia:0", "nvidia:0/mig:0"), "hides 2"),
                Arguments.of("GPU-7a9e", List.of(), "is ambiguous (matches 2 devices)"),
                Arguments.of("GPU-7a9e2,GPU-7a9e", List.of("nvidia:1"), "is ambiguous"),
                Arguments.of("GPU-7a9e2,0", List.of("nvidia:1"), "entry \"0\" is not a valid device"),
                Arguments.of(MIG, List.of("nvidia:0/mig:0"), "hides 3"),
                Arguments.of("MIG-3c2b", List.of("nvidia:0/mig:0"), "hides 3"));
    }

    @ParameterizedTest(name = "CUDA_VISIBLE_DEVICES={0}")
    @MethodSource("cases")
    void appliesCudaRules(String value, List<String> visibleIds, String warning) {
        CudaVisibleDevices.Result r = CudaVisibleDevices.apply(value, null, NVIDIA);
        assertEquals(visibleIds, r.visible().stream().map(Device::id).toList(), "visible devices, in CUDA order");
        assertEquals(NVIDIA.size() - visibleIds.size(), r.hidden().size(), "every other device is reported hidden");
        if (warning.isEmpty()) {
            assertEquals(List.of(), r.warnings());
        } else {
            assertTrue(r.warnings().stream().anyMatch(w -> w.contains(warning)), () -> "warnings " + r.warnings());
        }
    }

    @Test
    void parsesLikePytorch() {
        assertTrue(CudaVisibleDevices.parse(null).all(), "unset means all");
        assertEquals(List.of(), CudaVisibleDevices.parse("").ordinals());
        assertEquals(List.of(0, 2), CudaVisibleDevices.parse("0,2,-1,1").ordinals());
        assertEquals("-1", CudaVisibleDevices.parse("0,2,-1,1").stoppedAt());
        assertTrue(CudaVisibleDevices.parse("1,1").duplicate());
        assertEquals(List.of(1, 2), CudaVisibleDevices.parse("1gpu2,2ampere").ordinals(), "strtoul semantics");
        assertEquals(List.of(3), CudaVisibleDevices.parse(" 3 ,x").ordinals());
        assertEquals(
                List.of("GPU-a"), CudaVisibleDevices.parse("GPU-a,1").uuids(), "non-prefixed entry stops UUID list");
    }

    @Test
    void warnsAboutFastestFirstOnMixedHosts() {
        List<Device> mixed = List.of(
                TestDevices.gpu(0, "NVIDIA H100 80GB HBM3", UUID0),
                TestDevices.gpu(1, "NVIDIA GeForce RTX 4090", UUID1));
        assertTrue(CudaVisibleDevices.apply(null, null, mixed).warnings().stream()
                .anyMatch(w -> w.contains("FASTEST_FIRST")));
        assertEquals(
                List.of(),
                CudaVisibleDevices.apply(null, "PCI_BUS_ID", mixed).warnings(),
                "PCI_BUS_ID order matches NVML's");
    }
}
