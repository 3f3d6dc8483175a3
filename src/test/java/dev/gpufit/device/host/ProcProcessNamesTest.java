package dev.gpufit.device.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Process names from a fake /proc root. */
class ProcProcessNamesTest {
    @TempDir
    Path proc;

    void process(long pid, String comm, String cmdline) throws IOException {
        Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
        if (comm != null) {
            Files.writeString(dir.resolve("comm"), comm);
        }
        if (cmdline != null) {
            Files.writeString(dir.resolve("cmdline"), cmdline);
        }
    }

    @Test
    void commIsTheName() throws IOException {
        process(4121, "python3\n", "/usr/bin/python3\0-m\0vllm.entrypoints.openai.api_server\0--api-key\0secret\0");
        assertEquals("python3", new ProcProcessNames(proc).nameOf(4121));
    }

    @Test
    void aCommCutAt15CharactersIsCompletedFromTheProgramPath() throws IOException {
        process(7, "text-generation\n", "/usr/local/bin/text-generation-launcher\0--port\0" + "8080\0");
        assertEquals("text-generation-launcher", new ProcProcessNames(proc).nameOf(7));
    }

    @Test
    void a15CharacterCommThatIsNotAPrefixOfTheProgramStays() throws IOException {
        // a thread or process that renamed itself (prctl PR_SET_NAME): comm is the better name
        process(8, "VLLM::EngineCor\n", "/usr/bin/python3\0-m\0vllm\0");
        assertEquals("VLLM::EngineCor", new ProcProcessNames(proc).nameOf(8));
    }

    @Test
    void withoutCommTheProgramNamesIt() throws IOException {
        process(9, null, "/opt/ollama/bin/ollama\0serve\0");
        assertEquals("ollama", new ProcProcessNames(proc).nameOf(9));
        process(10, "", "llama-server -m model.gguf");
        assertEquals("llama-server", new ProcProcessNames(proc).nameOf(10), "argv rewritten with spaces");
    }

    @Test
    void aProcessThatIsNotThereHasNoName() throws IOException {
        assertNull(new ProcProcessNames(proc).nameOf(4121), "exited, or in another PID namespace");
        process(11, null, "");
        assertNull(new ProcProcessNames(proc).nameOf(11), "a kernel thread has an empty command line");
    }

    @Test
    void argv0TakesTheFileNameOfTheFirstWord() {
        assertEquals("python3", ProcProcessNames.argv0("/usr/bin/python3\0x.py\0"));
        assertEquals("python3", ProcProcessNames.argv0("python3"));
        assertNull(ProcProcessNames.argv0("\0"));
        assertNull(ProcProcessNames.argv0(null));
    }
}
