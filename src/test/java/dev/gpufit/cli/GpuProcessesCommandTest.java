package dev.gpufit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gpufit.testing.FakeNvml;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Who holds the memory, in `devices` and `fit`, in process through the real JNA binding and the
 * fake NVML: python3 (PID 4121, 70.10 GiB, named by the fake /proc) and Xorg (PID 977, named by
 * the driver) on GPU 0, nothing on GPU 1.
 */
class GpuProcessesCommandTest {
    static final String NO_PERMISSION_ON_GPU1 = "error call=nvmlDeviceGetComputeRunningProcesses_v3 device=1 code=4\n";

    @TempDir
    Path sysfs;

    @TempDir
    Path proc;

    record Run(int code, String out, String err) {
        JsonNode json() throws IOException {
            return new ObjectMapper().readTree(out);
        }
    }

    @BeforeEach
    void procTable() throws IOException {
        Path python = Files.createDirectories(proc.resolve("4121"));
        Files.writeString(python.resolve("comm"), "python3\n");
        Files.writeString(python.resolve("cmdline"), "/usr/bin/python3\0-m\0vllm.entrypoints.openai.api_server\0");
    }

    Run run(String scenario, String... args) {
        FakeNvml.scenario(scenario);
        Map<String, String> env = FakeNvml.env(sysfs, "GPUFIT_PROC_ROOT", proc.toString());
        if (args[0].equals("fit")) {
            env.put("CUDA_VISIBLE_DEVICES", "0"); // the busy GPU alone: idle GPU 1 would make it fit
        }
        CommandLine cl = Cli.commandLine();
        Object cmd = cl.getSubcommands().get(args[0]).getCommand();
        if (cmd instanceof DevicesCommand d) {
            d.env = env;
        } else {
            ((FitCommand) cmd).env = env;
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void devicesJsonListsProcessesPerDevice() throws Exception {
        Run r = run(FakeNvml.BUSY_GPU0_WITH_PROCESSES, "devices", "--format", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode devices = r.json().get("devices");
        JsonNode gpu0 = devices.get(0).get("processes");
        assertEquals(2, gpu0.size(), gpu0.toString());
        assertEquals(4121, gpu0.get(0).get("pid").asLong());
        assertEquals("python3", gpu0.get(0).get("name").asText(), "from /proc/4121/comm");
        assertEquals(FakeNvml.PYTHON3_BYTES, gpu0.get(0).get("used_bytes").asLong());
        assertEquals("compute", gpu0.get(0).get("type").asText());
        assertEquals(977, gpu0.get(1).get("pid").asLong());
        assertEquals("Xorg", gpu0.get(1).get("name").asText(), "not in /proc: the driver's path, shortened");
        assertEquals(FakeNvml.XORG_BYTES, gpu0.get(1).get("used_bytes").asLong());
        assertEquals("graphics", gpu0.get(1).get("type").asText());
        assertTrue(devices.get(1).get("processes").isArray());
        assertEquals(0, devices.get(1).get("processes").size(), "GPU 1: none, which is not unknown");
        JsonNode host = devices.get(devices.size() - 1);
        assertEquals("host", host.get("kind").asText());
        assertTrue(host.get("processes").isNull(), "host RAM: not asked");
    }

    @Test
    void devicesTablePutsALinePerProcessUnderItsGpu() {
        Run r = run(FakeNvml.BUSY_GPU0_WITH_PROCESSES, "devices");
        assertEquals(0, r.code(), r.err());
        String out = r.out();
        int gpu0 = out.indexOf("nvidia:0 ");
        int gpu1 = out.indexOf("nvidia:1 ");
        int python = out.indexOf("\n      PID 4121 python3 70.10 GiB\n");
        int xorg = out.indexOf("\n      PID 977 Xorg 1.17 GiB (graphics)\n");
        assertTrue(gpu0 >= 0 && python > gpu0 && xorg > python && gpu1 > xorg, out);
        assertEquals(2, out.split("PID ", -1).length - 1, "GPU 1 has no process line:\n" + out);
    }

    @Test
    void aRefusedProcessQueryIsANoteNotAFailure() throws Exception {
        Run json = run(FakeNvml.BUSY_GPU0_WITH_PROCESSES + NO_PERMISSION_ON_GPU1, "devices", "--format", "json");
        assertEquals(0, json.code(), json.err());
        JsonNode gpu1 = json.json().get("devices").get(1);
        assertTrue(gpu1.get("processes").isNull(), gpu1.toString());
        assertEquals(0, gpu1.get("used_bytes").asLong(), "its memory figures stand");
        assertTrue(gpu1.get("notes").toString().contains("processes unknown: no permission"), gpu1.toString());
        assertEquals(2, json.json().get("devices").get(0).get("processes").size(), "GPU 0 still listed");

        Run table = run(FakeNvml.BUSY_GPU0_WITH_PROCESSES + NO_PERMISSION_ON_GPU1, "devices");
        assertEquals(0, table.code(), table.err());
        int gpu1Row = table.out().indexOf("nvidia:1 ");
        assertTrue(table.out().indexOf("      processes unknown: no permission", gpu1Row) > gpu1Row, table.out());
    }

    @Test
    void fitSaysWhichProcessWouldHaveToExit() throws Exception {
        Run r = run(FakeNvml.BUSY_GPU0_WITH_PROCESSES, "fit", "llama-3.1-8b", "--context", "8192", "--format", "json");
        assertEquals(3, r.code(), r.err());
        JsonNode gpu0 = r.json().get("devices").get(0);
        assertEquals("does_not_fit", gpu0.get("verdict").asText());
        assertTrue(
                gpu0.get("reason").asText().endsWith("; fits once PID 4121 (python3, 70.10 GiB) exits"),
                gpu0.get("reason").asText());
        JsonNode exits = gpu0.get("fits_once_exit");
        assertTrue(exits.get("possible").asBoolean());
        assertEquals(FakeNvml.PYTHON3_BYTES, exits.get("freed_bytes").asLong());
        assertEquals(1, exits.get("processes").size());
        assertEquals(4121, exits.get("processes").get(0).get("pid").asLong());
        assertEquals(2, gpu0.get("processes").size());

        Run table = run(FakeNvml.BUSY_GPU0_WITH_PROCESSES, "fit", "llama-3.1-8b", "--context", "8192");
        assertEquals(3, table.code(), table.err());
        assertTrue(table.out().contains("; fits once PID 4121 (python3, 70.10 GiB) exits (budget: "), table.out());
    }
}
