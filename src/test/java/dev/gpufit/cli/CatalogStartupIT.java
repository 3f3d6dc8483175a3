package dev.gpufit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpufit.cli.DevicesIT.Proc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Start-up (issue 8): the packaged catalogs are read as JSON, so a command on a built-in preset
 * or catalog device never loads the YAML parser, nor starts an ObjectMapper for a table; and
 * {@code fit} on the devices here never reads the device catalog. Checked on the jar with the
 * JVM's class-loading log.
 */
class CatalogStartupIT {
    static List<String> loadedClasses(String name, String... args) throws Exception {
        Files.createDirectories(DevicesIT.IT_DIR);
        Path log = DevicesIT.IT_DIR.resolve("classes-" + name + ".log").toAbsolutePath();
        Files.deleteIfExists(log);
        List<String> cmd = new ArrayList<>(DevicesIT.jar(args));
        cmd.add(1, "-Xlog:class+load=info:file=" + log);
        Proc r = DevicesIT.run(
                Map.of(
                        "GPUFIT_NVML_LIBRARY",
                        DevicesIT.IT_DIR
                                .resolve("no-such-libnvidia-ml.so.1")
                                .toAbsolutePath()
                                .toString()),
                cmd);
        assertTrue(r.code() == 0 || r.code() == ExitCodes.DOES_NOT_FIT, r.code() + ": " + r.err());
        return Files.readAllLines(log).stream()
                .filter(l -> l.contains(" source: "))
                .toList();
    }

    static List<String> matching(List<String> lines, String... prefixes) {
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            for (String p : prefixes) {
                if (l.contains("] " + p)) {
                    out.add(l);
                }
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"estimate", "fit-catalog"})
    void builtinCatalogsNeverStartTheYamlParserNorAnObjectMapper(String which) throws Exception {
        List<String> loaded = which.equals("estimate")
                ? loadedClasses(which, "estimate", "llama-3.1-8b")
                : loadedClasses(which, "fit", "llama-3.1-8b", "--device", "catalog:h100-80gb:2");
        assertTrue(loaded.size() > 100, "no class-loading log: " + loaded.size());
        assertEquals(
                List.of(),
                matching(
                        loaded,
                        "org.yaml.",
                        "com.fasterxml.jackson.dataformat.yaml.",
                        "com.fasterxml.jackson.databind.ObjectMapper "));
    }

    @Test
    void fitOnTheDevicesHereNeverReadsTheDeviceCatalogNorYaml() throws Exception {
        List<String> loaded = loadedClasses("fit", "fit", "llama-3.1-8b");
        assertEquals(
                List.of(),
                matching(
                        loaded,
                        "dev.gpufit.device.catalog.CatalogDevice",
                        "org.yaml.",
                        "com.fasterxml.jackson.dataformat.yaml."));
    }
}
