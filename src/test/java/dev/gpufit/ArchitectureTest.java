package dev.gpufit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Native access stays at the edge: JNA only in the NVML and Apple binding packages, OSHI only
 * in device.host. The rest is testable without native libraries.
 */
class ArchitectureTest {
    static final Path MAIN = Path.of("src/main/java/dev/gpufit");

    static List<String> offenders(String importPrefix, List<String> allowedDirs) throws IOException {
        List<String> bad = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String rel = MAIN.relativize(f.getParent()).toString().replace('\\', '/');
                if (allowedDirs.contains(rel)) {
                    continue;
                }
                for (String line : Files.readAllLines(f)) {
                    if (line.startsWith("import " + importPrefix) || line.startsWith("import static " + importPrefix)) {
                        bad.add(MAIN.relativize(f) + ": " + line);
                    }
                }
            }
        }
        return bad;
    }

    @Test
    void jnaOnlyInBindingPackages() throws IOException {
        assertEquals(List.of(), offenders("com.sun.jna", List.of("device/nvml/jna", "device/apple/jna")));
    }

    @Test
    void oshiOnlyInDeviceHost() throws IOException {
        assertEquals(List.of(), offenders("oshi.", List.of("device/host")));
    }
}
