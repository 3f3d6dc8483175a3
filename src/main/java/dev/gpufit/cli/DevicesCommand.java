package dev.gpufit.cli;

import dev.gpufit.app.Devices;
import dev.gpufit.device.DeviceInventory;
import dev.gpufit.device.SystemProbe;
import dev.gpufit.report.DevicesCsv;
import dev.gpufit.report.DevicesJson;
import dev.gpufit.report.DevicesTable;
import dev.gpufit.report.WarningLines;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `gpufit devices`: what is here, with memory total / free / usable. */
@Command(
        name = "devices",
        mixinStandardHelpOptions = true,
        description = "List the devices here (NVIDIA, Apple, AMD, host RAM) with total, free and usable memory.",
        footer = {
            "",
            "Environment: CUDA_VISIBLE_DEVICES, CUDA_DEVICE_ORDER, ROCR_VISIBLE_DEVICES, HIP_VISIBLE_DEVICES,",
            "GPUFIT_NVML_LIBRARY (NVML library file to load), GPUFIT_SYSFS_ROOT (default /sys).",
            "Exit codes: 0 the probe ran (even if only host RAM was found), 4 every probe backend failed."
        })
public final class DevicesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common = new CommonOptions();

    @Option(
            names = "--probe-timeout",
            defaultValue = "5s",
            converter = DurationConverter.class,
            description =
                    "Give up on a backend that has not answered after this long, e.g. 5s, 500ms (default: ${DEFAULT-VALUE}).")
    Duration probeTimeout = SystemProbe.DEFAULT_TIMEOUT;

    /** The process environment, read here at the boundary; tests replace it. */
    Map<String, String> env = System.getenv();

    @Override
    public Integer call() {
        DeviceInventory inv = Devices.probe(env, probeTimeout);
        PrintWriter out = spec.commandLine().getOut();
        switch (common.format) {
            case json -> out.print(DevicesJson.write(DevicesJson.inventory(inv)));
            case csv -> out.print(DevicesCsv.render(inv));
            default -> out.print(DevicesTable.render(inv));
        }
        out.flush();
        WarningLines.print(inv.warnings(), spec.commandLine().getErr());
        if (inv.failed()) {
            throw new ExitException(ExitCodes.NO_DEVICE, "every probe backend failed; see the warnings");
        }
        return ExitCodes.OK;
    }
}
