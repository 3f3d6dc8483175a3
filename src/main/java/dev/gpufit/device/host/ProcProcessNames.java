package dev.gpufit.device.host;

import dev.gpufit.device.ProcessNames;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Names processes from a Linux {@code /proc} tree (another root in tests): {@code <pid>/comm},
 * which the kernel cuts to 15 characters (TASK_COMM_LEN is 16 with the NUL, see proc_pid_comm(5),
 * https://man7.org/linux/man-pages/man5/proc_pid_comm.5.html); a cut name is completed from the
 * first word of {@code <pid>/cmdline}. Only that first word is read: the rest of a command line
 * can carry tokens and passwords, and names end up in JSON served over HTTP.
 */
public final class ProcProcessNames implements ProcessNames {
    /** comm's longest content: TASK_COMM_LEN (16) less the terminating NUL. */
    static final int COMM_MAX = 15;

    private static final int READ_MAX = 4096;

    private final Path root;

    public ProcProcessNames(Path root) {
        this.root = root;
    }

    @Override
    public String nameOf(long pid) {
        Path dir = root.resolve(Long.toString(pid));
        String comm = read(dir.resolve("comm"));
        String argv0 = argv0(read(dir.resolve("cmdline")));
        if (comm != null) {
            comm = comm.strip();
        }
        if (comm == null || comm.isEmpty()) {
            return argv0;
        }
        if (comm.length() == COMM_MAX && argv0 != null && argv0.startsWith(comm)) {
            return argv0;
        }
        return comm;
    }

    /** The file name of the program in a NUL-separated command line, {@code null} when empty. */
    static String argv0(String cmdline) {
        if (cmdline == null) {
            return null;
        }
        int nul = cmdline.indexOf('\0');
        String first = nul < 0 ? cmdline : cmdline.substring(0, nul);
        // argv[0] may be a path, or (rewritten by the process) words separated by spaces
        int space = first.indexOf(' ');
        if (space >= 0) {
            first = first.substring(0, space);
        }
        String base = first.substring(first.lastIndexOf('/') + 1).strip();
        return base.isEmpty() ? null : base;
    }

    /** The first {@link #READ_MAX} bytes: enough for a program name, bounded for long command lines. */
    private static String read(Path p) {
        try (InputStream in = Files.newInputStream(p)) {
            return new String(in.readNBytes(READ_MAX), StandardCharsets.UTF_8);
        } catch (IOException | SecurityException e) {
            return null; // exited, another PID namespace, or not ours to read: unnamed
        }
    }
}
