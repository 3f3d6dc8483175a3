package dev.gpufit.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gpufit.device.catalog.CatalogDevice;
import dev.gpufit.device.catalog.DeviceCatalog;
import dev.gpufit.model.CatalogEntry;
import dev.gpufit.model.readers.ModelReaders;
import dev.gpufit.report.Csv;
import dev.gpufit.report.EstimateJson;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gpufit catalog [models|devices]}: the presets. */
@Command(
        name = "catalog",
        mixinStandardHelpOptions = true,
        description = "List the model presets (models) or the devices for what-if planning (devices).")
public final class CatalogCommand implements Callable<Integer> {
    enum Kind {
        models,
        devices
    }

    @Spec
    CommandSpec spec;

    @Parameters(
            index = "0",
            arity = "0..1",
            defaultValue = "models",
            paramLabel = "models|devices",
            description = "What to list (default: ${DEFAULT-VALUE}).")
    Kind kind = Kind.models;

    @Mixin
    CommonOptions common;

    Map<String, String> env = System.getenv();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (kind == Kind.devices) {
            List<CatalogDevice> all = DeviceCatalog.load().all();
            switch (common.format) {
                case json -> {
                    ObjectNode root = JsonNodeFactory.instance.objectNode().put("schema", "gpufit/catalog-devices/v1");
                    ArrayNode arr = root.putArray("devices");
                    for (CatalogDevice d : all) {
                        ObjectNode o = arr.addObject()
                                .put("id", d.id())
                                .put("name", d.name())
                                .put("vendor", d.vendor())
                                .put("kind", d.kind())
                                .put("total_bytes", d.totalMib() << 20);
                        d.aliases().forEach(o.putArray("aliases")::add);
                    }
                    out.println(EstimateJson.toJson(root));
                }
                case csv -> {
                    out.print("id,name,vendor,kind,total_bytes,aliases\n");
                    for (CatalogDevice d : all) {
                        out.print(Csv.row(
                                d.id(),
                                d.name(),
                                d.vendor(),
                                d.kind(),
                                d.totalMib() << 20,
                                String.join(";", d.aliases())));
                    }
                }
                default -> {
                    out.printf(
                            Locale.ROOT, "%-18s %-52s %-8s %-9s %10s%n", "ID", "NAME", "VENDOR", "KIND", "TOTAL MiB");
                    for (CatalogDevice d : all) {
                        out.printf(
                                Locale.ROOT,
                                "%-18s %-52s %-8s %-9s %10d%n",
                                d.id(),
                                d.name(),
                                d.vendor(),
                                d.kind(),
                                d.totalMib());
                    }
                    out.println();
                    out.println(
                            "use: gpufit fit MODEL --device catalog:ID[:COUNT]; each entry's source is in config/devices.yaml");
                }
            }
        } else {
            List<CatalogEntry> all = ModelReaders.resolver(env, System.getProperty("user.home"))
                    .catalog()
                    .entries();
            switch (common.format) {
                case json -> {
                    ObjectNode root = JsonNodeFactory.instance.objectNode().put("schema", "gpufit/catalog-models/v1");
                    ArrayNode arr = root.putArray("models");
                    for (CatalogEntry e : all) {
                        ObjectNode o = arr.addObject().put("id", e.id()).put("model_type", modelType(e));
                        e.aliases().forEach(o.putArray("aliases")::add);
                        e.hf().forEach(o.putArray("hf")::add);
                    }
                    out.println(EstimateJson.toJson(root));
                }
                case csv -> {
                    out.print("id,model_type,aliases,hf\n");
                    for (CatalogEntry e : all) {
                        out.print(
                                Csv.row(e.id(), modelType(e), String.join(";", e.aliases()), String.join(";", e.hf())));
                    }
                }
                default -> {
                    out.printf(Locale.ROOT, "%-24s %-14s %s%n", "ID", "MODEL_TYPE", "HF REPO IDS");
                    for (CatalogEntry e : all) {
                        out.printf(Locale.ROOT, "%-24s %-14s %s%n", e.id(), modelType(e), String.join(", ", e.hf()));
                    }
                }
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static String modelType(CatalogEntry e) {
        return e.config().path("model_type").asText("?");
    }
}
