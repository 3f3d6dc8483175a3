package dev.gpufit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** --format csv (and json for catalog) on plan and catalog: every report takes --format (README.md). */
class PlanAndCatalogFormatsTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path sysfs;

    record Run(int code, String out, String err) {}

    Run run(String... args) {
        CommandLine cl = Cli.commandLine();
        Object cmd = cl.getSubcommands().get(args[0]).getCommand();
        // no driver at all: catalog devices never probe, and no user catalog is read
        Map<String, String> env = Map.of(
                "GPUFIT_NVML_LIBRARY",
                sysfs.resolve("missing/libnvidia-ml.so.1").toString(),
                "GPUFIT_SYSFS_ROOT",
                sysfs.toString());
        if (cmd instanceof PlanCommand p) {
            p.env = env;
        } else if (cmd instanceof CatalogCommand c) {
            c.env = env;
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    @Test
    void planCsvHasOneRowPerGridCellMatchingTheJson() throws Exception {
        Run csv = run("plan", "llama-3.1-8b", "--device", "catalog:rtx-4090", "--format", "csv");
        assertEquals(ExitCodes.OK, csv.code(), csv.err());
        List<String> lines = csv.out().lines().toList();
        assertEquals("weight_dtype,context,needed_bytes,verdict", lines.get(0));

        JsonNode j = JSON.readTree(run("plan", "llama-3.1-8b", "--device", "catalog:rtx-4090", "--format", "json")
                .out());
        int cells = 0;
        StringBuilder expected = new StringBuilder("weight_dtype,context,needed_bytes,verdict\n");
        for (JsonNode row : j.get("grid")) {
            for (JsonNode c : row.get("cells")) {
                cells++;
                expected.append(row.get("weight_dtype").asText())
                        .append(',')
                        .append(c.get("context").asLong())
                        .append(',')
                        .append(c.get("needed_bytes").asLong())
                        .append(',')
                        .append(c.get("verdict").asText())
                        .append('\n');
            }
        }
        assertTrue(cells > 4, "a real grid: " + cells);
        assertEquals(1 + cells, lines.size());
        assertEquals(expected.toString(), csv.out().replace("\r\n", "\n"));
        assertTrue(csv.out().contains("q4_k_m,131072,"), csv.out());
    }

    @Test
    void catalogModelsAndDevicesAsCsvAndJson() throws Exception {
        Run models = run("catalog", "models", "--format", "csv");
        assertEquals(ExitCodes.OK, models.code(), models.err());
        assertEquals(
                "id,model_type,aliases,hf", models.out().lines().findFirst().orElse(""));
        assertTrue(
                models.out().lines().anyMatch(l -> l.startsWith("llama-3.1-8b,llama,,meta-llama/Llama-3.1-8B;")),
                models.out());
        assertTrue(
                models.out().lines().anyMatch(l -> l.startsWith("llama-3.1-70b,llama,llama-3.3-70b,")), models.out());

        JsonNode mj = JSON.readTree(run("catalog", "models", "--format", "json").out());
        assertEquals("gpufit/catalog-models/v1", mj.get("schema").asText());
        assertEquals(models.out().lines().count() - 1, mj.get("models").size());
        assertEquals(
                "llama",
                mj.get("models").findParents("id").stream()
                        .filter(n -> n.get("id").asText().equals("llama-3.1-8b"))
                        .findFirst()
                        .orElseThrow()
                        .get("model_type")
                        .asText());

        Run devices = run("catalog", "devices", "--format", "csv");
        assertEquals(ExitCodes.OK, devices.code(), devices.err());
        assertEquals(
                "id,name,vendor,kind,total_bytes,aliases",
                devices.out().lines().findFirst().orElse(""));
        assertTrue(devices.out().lines().anyMatch(l -> l.startsWith("rtx-4090,")), devices.out());
        JsonNode dj =
                JSON.readTree(run("catalog", "devices", "--format", "json").out());
        assertEquals("gpufit/catalog-devices/v1", dj.get("schema").asText());
        assertEquals(devices.out().lines().count() - 1, dj.get("devices").size());
        assertTrue(dj.get("devices").get(0).get("total_bytes").asLong() > 1L << 30);
    }
}
