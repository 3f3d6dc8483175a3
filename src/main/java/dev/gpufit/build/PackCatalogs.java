package dev.gpufit.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.gpufit.model.ModelCatalog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Build step (Maven's process-classes phase): converts the editable catalogs
 * {@code config/models.yaml} and {@code config/devices.yaml} into {@code models.json} and
 * {@code devices.json} next to them in the jar. gpufit reads the JSON at run time: parsing YAML
 * meant starting Jackson's YAML module and snakeyaml on every {@code fit} and {@code estimate}.
 * The YAML stays the source of truth; CatalogJsonTest checks that the two say the same.
 *
 * <p>Usage: {@code PackCatalogs CONFIG_DIR OUTPUT_DIR}. The model presets are checked the way
 * gpufit reads a preset file first, so a broken preset fails the build with the message gpufit
 * would give.
 */
public final class PackCatalogs {
    private PackCatalogs() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: PackCatalogs CONFIG_DIR OUTPUT_DIR");
        }
        Path in = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Files.createDirectories(out);
        for (String name : new String[] {"models", "devices"}) {
            Path yaml = in.resolve(name + ".yaml");
            String text = Files.readString(yaml, StandardCharsets.UTF_8);
            if (name.equals("models")) {
                ModelCatalog.of(text, yaml.getFileName().toString()); // the checks gpufit makes on a preset file
            }
            Path json = out.resolve(name + ".json");
            Files.write(json, toJson(text));
        }
    }

    /** The YAML document as compact JSON, the same tree. */
    public static byte[] toJson(String yaml) throws IOException {
        JsonNode tree = new YAMLMapper().readTree(yaml);
        return new ObjectMapper().writeValueAsBytes(tree);
    }
}
