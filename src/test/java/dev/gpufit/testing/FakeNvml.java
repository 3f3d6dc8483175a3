package dev.gpufit.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The fake NVML as the build made it: the library file, and the scenario file its
 * FAKE_NVML_CONFIG points at (surefire sets the variable; a JVM cannot set its own env).
 * NVML re-reads the file at every nvmlInit_v2, so each test writes its scenario first.
 */
public final class FakeNvml {
    /** Two H100 80GB (the second with 60 GiB used) and one MIG instance on the first. */
    public static final String TWO_H100_AND_MIG = """
            # two H100 80GB, one with 60 GiB used, one MIG 3g.40gb instance on GPU 0
            device name="NVIDIA H100 80GB HBM3" uuid=GPU-0d3f5a1c-1111-2222-3333-444455556666 pci=00000000:18:00.0 total=85520809984 reserved=567279616 used=0 cc=9.0
            device name="NVIDIA H100 80GB HBM3" uuid=GPU-7a9e2b44-1111-2222-3333-444455556666 pci=00000000:2A:00.0 total=85520809984 reserved=567279616 used=64424509440 cc=9.0
            mig parent=0 name="NVIDIA H100 80GB HBM3 MIG 3g.40gb" uuid=MIG-3c2b1a00-aaaa-bbbb-cccc-ddddeeeeffff total=42949672960 used=0
            """;

    /** Two plain H100s, for error injection. */
    public static final String TWO_H100 = """
            device name="NVIDIA H100 80GB HBM3" uuid=GPU-0d3f5a1c-1111-2222-3333-444455556666 pci=00000000:18:00.0 total=85520809984 reserved=567279616 used=0 cc=9.0
            device name="NVIDIA H100 80GB HBM3" uuid=GPU-7a9e2b44-1111-2222-3333-444455556666 pci=00000000:2A:00.0 total=85520809984 reserved=567279616 used=64424509440 cc=9.0
            """;

    /** python3's 70.10 GiB on GPU 0, as in the `fits once PID 4121 (python3, 70.10 GiB) exits` example. */
    public static final long PYTHON3_BYTES = 75_268_374_528L;

    /** Xorg's 1200 MiB on GPU 0. */
    public static final long XORG_BYTES = 1_258_291_200L;

    /**
     * GPU 0 busy: python3 (PID 4121, compute) and Xorg (PID 977, graphics) hold all but 7.85 GiB
     * of it (the device line's used is their sum); GPU 1 idle, no processes. The names are what
     * nvmlSystemGetProcessName answers; /proc names them first.
     */
    public static final String BUSY_GPU0_WITH_PROCESSES = """
            device name="NVIDIA H100 80GB HBM3" uuid=GPU-0d3f5a1c-1111-2222-3333-444455556666 pci=00000000:18:00.0 total=85520809984 reserved=567279616 used=76526665728 cc=9.0
            device name="NVIDIA H100 80GB HBM3" uuid=GPU-7a9e2b44-1111-2222-3333-444455556666 pci=00000000:2A:00.0 total=85520809984 reserved=567279616 used=0 cc=9.0
            process device=0 pid=4121 name=/usr/bin/python3.11 used=75268374528 type=compute
            process device=0 pid=977 name=/usr/lib/xorg/Xorg used=1258291200 type=graphics
            """;

    private FakeNvml() {}

    public static Path library() {
        Path p = Path.of(System.getProperty("gpufit.fakeNvml", "target/native/libnvidia-ml.so.1"))
                .toAbsolutePath();
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("fake NVML not built at " + p + "; run the tests through Maven");
        }
        return p;
    }

    /** Writes the scenario the next nvmlInit_v2 will load. */
    public static void scenario(String config) {
        Path p = Path.of(System.getProperty("gpufit.fakeNvmlConfig", "target/fake-nvml/fake-nvml.conf"));
        try {
            Files.createDirectories(p.toAbsolutePath().getParent());
            Files.writeString(p, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An environment that loads the fake and sees no AMD sysfs tree. */
    public static Map<String, String> env(Path emptySysfs, String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("GPUFIT_NVML_LIBRARY", library().toString());
        env.put("GPUFIT_SYSFS_ROOT", emptySysfs.toString());
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }
}
