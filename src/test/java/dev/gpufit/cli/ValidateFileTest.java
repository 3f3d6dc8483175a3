package dev.gpufit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gpufit validate FILE}: a file with nothing to check, or none at all, is bad input that says why. */
class ValidateFileTest {
    @TempDir
    Path dir;

    private static void assertBadInput(CliRun r, String message) {
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains(message), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void anEmptyFileHasNoCasesAndDoesNotPass() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.jsonl"), "");
        assertBadInput(CliRun.of("validate", empty.toString()), "no cases in " + empty);
        Path blank = Files.writeString(dir.resolve("blank.jsonl"), "\n\n   \n");
        assertBadInput(CliRun.of("validate", blank.toString()), "no cases in " + blank);
    }

    @Test
    void aMissingFileSaysSo() {
        Path missing = dir.resolve("nonexistent");
        assertBadInput(CliRun.of("validate", missing.toString()), "cannot read " + missing + ": no such file");
    }

    @Test
    void aDirectoryIsNotARegularFile() {
        assertBadInput(
                CliRun.of("validate", dir.toString()), "cannot read " + dir + ": not a regular file (a directory)");
    }

    @Test
    void aFileThatIsNotUtf8SaysSo() throws Exception {
        Path bin = Files.write(dir.resolve("bin.jsonl"), new byte[] {(byte) 0xff, (byte) 0xfe, 0x00});
        assertBadInput(CliRun.of("validate", bin.toString()), "cannot read " + bin + ": not UTF-8 text");
    }

    @Test
    void anUnreadableFileSaysPermission() throws Exception {
        Path locked = Files.writeString(dir.resolve("locked.jsonl"), "{}\n", StandardCharsets.UTF_8);
        if (!locked.toFile().setReadable(false, false) || Files.isReadable(locked)) {
            return; // root or a file system without permissions: nothing to check here
        }
        assertBadInput(CliRun.of("validate", locked.toString()), "cannot read " + locked + ": permission denied");
    }
}
