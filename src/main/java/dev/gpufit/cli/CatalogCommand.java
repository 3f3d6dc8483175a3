package dev.gpufit.cli;

import dev.gpufit.device.catalog.CatalogDevice;
import dev.gpufit.device.catalog.DeviceCatalog;
import dev.gpufit.model.CatalogEntry;
import dev.gpufit.model.ModelResolver;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gpufit catalog [models|devices]}: the presets. */
@Command(name = "catalog", mixinStandardHelpOptions = true,
        description = "List the model presets (models) or the devices for what-if planning (devices).")
public final class CatalogCommand implements Callable<Integer> {
    enum Kind { models, devices }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", defaultValue = "models", paramLabel = "models|devices",
            description = "What to list (default: ${DEFAULT-VALUE}).")
    Kind kind = Kind.models;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (kind == Kind.devices) {
            out.printf(Locale.ROOT, "%-18s %-52s %-8s %-9s %10s%n", "ID", "NAME", "VENDOR", "KIND", "TOTAL MiB");
            for (CatalogDevice d : DeviceCatalog.load().all()) {
                out.printf(Locale.ROOT, "%-18s %-52s %-8s %-9s %10d%n", d.id(), d.name(), d.vendor(), d.kind(), d.totalMib());
            }
            out.println();
            out.println("use: gpufit fit MODEL --device catalog:ID[:COUNT]; each entry's source is in config/devices.yaml");
        } else {
            out.printf(Locale.ROOT, "%-24s %-14s %s%n", "ID", "MODEL_TYPE", "HF REPO IDS");
            for (CatalogEntry e : ModelResolver.fromEnvironment(System.getenv(), System.getProperty("user.home")).catalog().entries()) {
                out.printf(Locale.ROOT, "%-24s %-14s %s%n", e.id(), e.config().path("model_type").asText("?"), String.join(", ", e.hf()));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
