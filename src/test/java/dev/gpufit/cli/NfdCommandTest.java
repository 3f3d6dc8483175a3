package dev.gpufit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpufit.testing.FakeNvml;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** gpufit nfd on the fake NVML: the feature file nfd-worker reads. */
class NfdCommandTest {
    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {}

    Run run(String... args) {
        CommandLine cl = Cli.commandLine();
        ((NfdCommand) cl.getSubcommands().get("nfd").getCommand()).env = FakeNvml.env(tmp);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    @Test
    void writesLabelsForTheWatchedModels() throws Exception {
        FakeNvml.scenario(FakeNvml.TWO_H100);
        Path file = tmp.resolve("gpufit");
        Run r = run(
                "nfd",
                "--watch",
                "llama-3.1-8b@8192,meta-llama/Llama-3.1-70B",
                "--output",
                file.toString(),
                "--expiry",
                "15m");
        assertEquals(0, r.code(), r.err());
        String text = Files.readString(file);
        assertTrue(text.contains("\n# +expiry-time=20"), text);
        assertTrue(text.contains("\ngpufit.dev/gpu-count=2\n"), text);
        assertTrue(text.contains("\ngpufit.dev/gpu-memory-gib=80\n"), text);
        assertTrue(text.contains("\ngpufit.dev/gpu-model=NVIDIA-H100-80GB-HBM3\n"), text);
        // total budget (the default): an 8B model fits an 80 GB H100 even when it is busy now
        assertTrue(text.contains("\ngpufit.dev/fits.llama-3.1-8b.ctx8192=true\n"), text);
        assertTrue(text.contains("\ngpufit.dev/headroom-gib.llama-3.1-8b.ctx8192="), text);
        assertTrue(text.contains("\ngpufit.dev/fits.meta-llama_Llama-3.1-70B=false\n"), text);
    }

    @Test
    void anUnknownModelIsBadUsage() {
        FakeNvml.scenario(FakeNvml.TWO_H100);
        Run r = run("nfd", "--watch", "no-such-model");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("gpufit: --watch no-such-model: unknown model"), r.err());
        assertEquals(2, run("nfd", "--watch", "/etc/passwd").code());
    }

    @Test
    void anOutputInAMissingDirectoryIsBadUsageBeforeProbing() {
        FakeNvml.scenario(FakeNvml.TWO_H100);
        Path missing = tmp.resolve("no-such-dir").resolve("gpufit");
        Run r = run("nfd", "--watch", "llama-3.1-8b", "--output", missing.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("gpufit: --output " + missing + ": no such directory"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        Run dir = run("nfd", "--watch", "llama-3.1-8b", "--output", tmp.toString());
        assertEquals(2, dir.code(), dir.err());
        assertTrue(dir.err().contains("is a directory"), dir.err());
    }
}
