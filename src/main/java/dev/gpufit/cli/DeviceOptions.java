package dev.gpufit.cli;

import dev.gpufit.app.Devices;
import dev.gpufit.app.ProbeGate;
import dev.gpufit.app.UnknownVerdictException;
import dev.gpufit.device.Device;
import dev.gpufit.device.DeviceInventory;
import dev.gpufit.device.HostInfo;
import dev.gpufit.device.SystemProbe;
import dev.gpufit.device.catalog.DeviceCatalog;
import dev.gpufit.fit.Budget;
import dev.gpufit.fit.DeviceSelection;
import dev.gpufit.fit.DeviceSelector;
import dev.gpufit.fit.EstimateFunction;
import dev.gpufit.fit.FitService;
import dev.gpufit.report.WarningLines;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * Which devices {@code fit} and {@code plan} judge, and how the probe runs. The probe runs at
 * most once per command, and only when the selector names devices that are here.
 */
public final class DeviceOptions {
    @Option(
            names = "--device",
            paramLabel = "SEL",
            defaultValue = "all",
            description = "all (default: the visible GPUs, else host RAM), indices, UUIDs or unique prefixes, host,"
                    + " or catalog:NAME[:COUNT] for devices that are not here; comma-separated.")
    String device = "all";

    @Option(
            names = "--budget",
            paramLabel = "free|total",
            defaultValue = "free",
            description = "free: memory free now (default); total: the whole device, for planning.")
    Budget budget = Budget.FREE;

    @Option(
            names = "--probe-timeout",
            defaultValue = "5s",
            converter = DurationConverter.class,
            description = "Give up on a probe backend after this long (default: ${DEFAULT-VALUE}).")
    Duration probeTimeout = SystemProbe.DEFAULT_TIMEOUT;

    private DeviceInventory inventory;
    private CompletableFuture<DeviceInventory> pending;
    final List<String> warnings = new ArrayList<>();

    /**
     * The fit/plan service over these options: catalog devices (the catalog is read only when
     * {@code --device} names one), and this machine probed on demand.
     */
    FitService service(Map<String, String> env) {
        return new FitService(probed(env), DeviceCatalog::load, EstimateFunction.standard());
    }

    /**
     * Selects the devices, or ends the command with exit 4 when none is found or the probe
     * cannot say which they are (ProbeGate's rules).
     */
    DeviceSelection selectOrExit(FitService service, Map<String, String> env, PrintWriter err) {
        DeviceSelection selection;
        try {
            selection = ProbeGate.select(device, service, () -> inventory(env), CliFields.NAMES);
        } catch (UnknownVerdictException e) {
            printWarnings(err);
            throw e;
        }
        if (selection.devices().isEmpty()) {
            printWarnings(err);
            throw new ExitException(
                    ExitCodes.NO_DEVICE,
                    "no device found (see the warnings); "
                            + "use --device catalog:NAME[:COUNT] to plan for devices that are not here");
        }
        return selection;
    }

    void printWarnings(PrintWriter err) {
        WarningLines.print(warnings, err);
    }

    /** The machine probed, or {@code null} when nothing here was probed (catalog devices only). */
    HostInfo host() {
        return inventory == null ? null : inventory.host();
    }

    /**
     * Starts probing this machine on a daemon thread when the selector will need it, so the
     * driver answers while the command reads the model; a selector of catalog devices only
     * never probes. The probe runs at most once.
     */
    void startProbe(Map<String, String> env) {
        if (pending == null && !DeviceSelector.catalogOnly(device)) {
            pending = new CompletableFuture<>();
            CompletableFuture<DeviceInventory> target = pending;
            Thread t = new Thread(
                    () -> {
                        try {
                            target.complete(Devices.probe(env, probeTimeout));
                        } catch (Throwable e) { // surfaces on join, as if the probe had run in line
                            target.completeExceptionally(e);
                        }
                    },
                    "gpufit-probe-start");
            t.setDaemon(true);
            t.start();
        }
    }

    /** This machine's inventory, probed once on first use. */
    DeviceInventory inventory(Map<String, String> env) {
        List<Device> unused = probed(env).get(); // probes once, keeping the inventory
        return inventory;
    }

    /** The devices here, probed once on first use; warnings are kept for the report. */
    Supplier<List<Device>> probed(Map<String, String> env) {
        return () -> {
            if (inventory == null) {
                startProbe(env);
                if (pending == null) { // a catalog-only selector asked anyway
                    pending = CompletableFuture.completedFuture(Devices.probe(env, probeTimeout));
                }
                try {
                    inventory = pending.join();
                } catch (java.util.concurrent.CompletionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : e;
                }
                warnings.addAll(inventory.warnings());
            }
            return inventory.devices();
        };
    }
}
