package dev.gpufit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/**
 * The version lines: gpufit's version and the commit it was built from (both filtered by Maven into
 * gpufit-version.properties), and the Java runtime running it, so that a report from a release
 * says which bundled runtime it ran on.
 */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        Properties p = properties();
        return new String[] {
            "gpufit " + p.getProperty("version", "unknown") + " (commit " + p.getProperty("commit", "unknown") + ")",
            "runtime: " + runtime()
        };
    }

    private static String runtime() {
        return System.getProperty("java.vm.name", "java") + " " + System.getProperty("java.runtime.version", "?") + " ("
                + System.getProperty("java.home", "?") + ")";
    }

    private static Properties properties() {
        Properties p = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("/gpufit-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            return new Properties();
        }
        return p;
    }
}
