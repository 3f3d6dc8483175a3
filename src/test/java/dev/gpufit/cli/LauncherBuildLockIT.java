package dev.gpufit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * scripts/gpufit's build step in a checkout without a jar: several first runs at once build once,
 * under a lock, and Maven's output goes to a log. Maven is replaced by a fake on the PATH that
 * fails when another build runs in the same target/ (as the shade plugin does) and otherwise
 * copies the packaged jar into place after a pause, so the test costs seconds, not a real build.
 */
class LauncherBuildLockIT {
    private static final String ESC = "\u001b";

    private static final String FAKE_MVN = "#!/usr/bin/env bash\n"
            + "printf '\\033[1m[INFO]\\033[m fake maven %s\\n' \"$*\"\n"
            + "mkdir target/fake-build-running 2>/dev/null || { echo 'two builds at once' >&2; exit 1; }\n"
            + "echo build >> target/fake-build-count\n"
            + "if [ -n \"${FAKE_MVN_FAIL:-}\" ]; then printf '\\033[1;31m[ERROR]\\033[m it broke\\n'; rmdir target/fake-build-running; exit 1; fi\n"
            + "sleep 2\n"
            + "cp \"$FAKE_MVN_JAR\" target/gpufit.jar.part && mv target/gpufit.jar.part target/gpufit.jar\n"
            + "rmdir target/fake-build-running\n";

    /** A checkout with the launcher and no jar, and a bin/ with the fake mvn. */
    private static Path checkout(String name) throws IOException {
        Path root = Files.createTempDirectory(Files.createDirectories(DevicesIT.IT_DIR), name);
        Files.createDirectories(root.resolve("scripts"));
        Files.copy(DevicesIT.BASEDIR.resolve("scripts/gpufit"), root.resolve("scripts/gpufit"));
        Files.copy(DevicesIT.BASEDIR.resolve("pom.xml"), root.resolve("pom.xml"));
        Path bin = Files.createDirectories(root.resolve("fakebin"));
        Path mvn = bin.resolve("mvn");
        Files.writeString(mvn, FAKE_MVN);
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
        return root;
    }

    private static Map<String, String> env(Path root, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", root.resolve("fakebin") + ":" + System.getenv("PATH"));
        env.put("GPUFIT_JAVA", System.getProperty("java.home"));
        env.put("GPUFIT_CDS", "off");
        env.put("FAKE_MVN_JAR", DevicesIT.JAR.toAbsolutePath().toString());
        env.putAll(extra);
        return env;
    }

    private static List<DevicesIT.Proc> runAtOnce(Path root, Map<String, String> extra, int n) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<DevicesIT.Proc>> runs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                runs.add(pool.submit(() -> DevicesIT.run(
                        env(root, extra),
                        List.of("bash", root.resolve("scripts/gpufit").toString(), "--version"))));
            }
            List<DevicesIT.Proc> done = new ArrayList<>();
            for (Future<DevicesIT.Proc> f : runs) {
                done.add(f.get());
            }
            return done;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertOneBuildAndAllRan(Path root, List<DevicesIT.Proc> runs) throws IOException {
        for (DevicesIT.Proc p : runs) {
            assertEquals(0, p.code(), p.err());
            assertFalse(p.err().contains(ESC), "escape codes on stderr: " + p.err());
            assertTrue(p.out().toLowerCase(java.util.Locale.ROOT).contains("gpufit"), p.out());
        }
        assertEquals(List.of("build"), Files.readAllLines(root.resolve("target/fake-build-count")));
        assertTrue(Files.readString(root.resolve("target/gpufit-build.log")).contains("fake maven"));
    }

    @Test
    void threeFirstRunsAtOnceBuildOnceAndAllSucceed() throws Exception {
        Path root = checkout("lock-flock");
        assertOneBuildAndAllRan(root, runAtOnce(root, Map.of(), 3));
    }

    @Test
    void theLockDirectoryDoesTheSameWithoutFlock() throws Exception {
        Path root = checkout("lock-mkdir");
        assertOneBuildAndAllRan(root, runAtOnce(root, Map.of("GPUFIT_BUILD_LOCK", "mkdir"), 3));
    }

    @Test
    void anAbandonedLockDirectoryIsTakenOver() throws Exception {
        Path root = checkout("lock-stale");
        Path lock = Files.createDirectories(root.resolve("target/gpufit-build.lock.d"));
        Files.setLastModifiedTime(lock, FileTime.from(Instant.now().minusSeconds(600)));
        List<DevicesIT.Proc> runs =
                runAtOnce(root, Map.of("GPUFIT_BUILD_LOCK", "mkdir", "GPUFIT_BUILD_LOCK_STALE", "60"), 1);
        assertOneBuildAndAllRan(root, runs);
        assertTrue(runs.get(0).err().contains("stale build lock"), runs.get(0).err());
    }

    @Test
    void aFailedBuildSaysSoInOneLineNamingTheLog() throws Exception {
        Path root = checkout("lock-fail");
        DevicesIT.Proc p = runAtOnce(root, Map.of("FAKE_MVN_FAIL", "1"), 1).get(0);
        assertEquals(1, p.code(), p.err());
        assertFalse(p.err().contains(ESC), p.err());
        List<String> lines = p.err().lines().filter(l -> l.contains("failed")).toList();
        assertEquals(1, lines.size(), p.err());
        assertTrue(lines.get(0).contains(root.resolve("target/gpufit-build.log").toString()), p.err());
        assertFalse(p.err().contains("it broke"), p.err());
        assertTrue(Files.readString(root.resolve("target/gpufit-build.log")).contains("it broke"));
    }
}
