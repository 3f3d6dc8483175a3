package dev.gpufit.cli;

/**
 * Entry point of the runnable jar: runs the command line and exits with its code.
 *
 * <p>With {@code -Dgpufit.train=true} it runs {@link Training} instead of a command: every command
 * once, output discarded. {@code scripts/gpufit} does that in a separate JVM after the user's first
 * command, to record the classes for its class-data archive (AppCDS, or the AOT cache on JDK 24+).
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        if (Boolean.getBoolean("gpufit.train")) {
            Training.run();
            System.exit(0);
        }
        System.exit(Cli.execute(args));
    }
}
