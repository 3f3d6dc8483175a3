package dev.gpufit.cli;

import dev.gpufit.BadInputException;
import dev.gpufit.app.UnknownVerdictException;
import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Builds the picocli command line with gpufit's error policy: a one-line message and a
 * documented exit code for anything the user can act on, a stack trace only with
 * {@code --stacktrace}.
 */
public final class Cli {
    private Cli() {}

    public static int execute(String... args) {
        return commandLineFor(args).execute(args);
    }

    /** The configured command line; tests call this and redirect out/err. */
    public static CommandLine commandLine() {
        return configure(new CommandLine(new GpufitCommand()));
    }

    /**
     * The command line for {@code args}. picocli inspects every subcommand's annotations when the
     * tree is built, a large part of gpufit's start-up; when the first argument names a
     * subcommand, only that one is built, under a root named as usual, so its parsing, output and
     * errors are those of the full tree. Anything else (help, version, a typo) gets the full tree.
     */
    static CommandLine commandLineFor(String... args) {
        Class<?> sub = args.length == 0 ? null : subcommandNamed(args[0]);
        if (sub == null) {
            return commandLine();
        }
        CommandLine root = new CommandLine(CommandSpec.wrapWithoutInspection(new GpufitCommand())
                .name(GpufitCommand.class.getAnnotation(Command.class).name()));
        root.addSubcommand(new CommandLine(sub));
        return configure(root);
    }

    private static Class<?> subcommandNamed(String name) {
        for (Class<?> c : GpufitCommand.class.getAnnotation(Command.class).subcommands()) {
            Command sub = c.getAnnotation(Command.class);
            if (sub != null
                    && (sub.name().equals(name) || Arrays.asList(sub.aliases()).contains(name))) {
                return c;
            }
        }
        return null;
    }

    private static CommandLine configure(CommandLine cl) {
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
        } else if (ex instanceof UnknownVerdictException) {
            code = ExitCodes.NO_DEVICE;
            message = ex.getMessage();
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
