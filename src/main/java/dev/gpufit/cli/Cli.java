package dev.gpufit.cli;

import dev.gpufit.BadInputException;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Builds the picocli command line with gpufit's error policy: a one-line message and a
 * documented exit code for anything the user can act on, a stack trace only with
 * {@code --stacktrace}.
 */
public final class Cli {
    private Cli() {}

    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** The configured command line; tests call this and redirect out/err. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new GpufitCommand());
        cl.setExecutionExceptionHandler(Cli::handleExecutionException);
        cl.setParameterExceptionHandler(Cli::handleParameterException);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    private static int handleParameterException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("gpufit: " + ex.getMessage());
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, err)) {
            err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for usage.");
        }
        err.flush();
        return ExitCodes.BAD_INPUT;
    }

    private static int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        boolean trace = stacktraceRequested(parsed);
        int code;
        String message;
        if (ex instanceof ExitException exit) {
            code = exit.exitCode();
            message = exit.getMessage();
        } else if (ex instanceof BadInputException) {
            code = ExitCodes.BAD_INPUT;
            message = ex.getMessage();
        } else {
            code = ExitCodes.INTERNAL;
            message = "internal error: " + ex + (trace ? "" : " (run with --stacktrace for details)");
        }
        if (message != null && !message.isEmpty()) {
            err.println("gpufit: " + oneLine(message));
        }
        if (trace) {
            ex.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    private static boolean stacktraceRequested(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--stacktrace")) {
                return true;
            }
        }
        return false;
    }

    static String oneLine(String s) {
        return s.replace('\n', ' ').replace('\r', ' ').strip();
    }
}
