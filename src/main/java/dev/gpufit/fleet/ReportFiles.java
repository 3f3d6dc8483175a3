package dev.gpufit.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Reads report files and streams with a size bound, so a wrong argument cannot exhaust memory. */
public final class ReportFiles {
    /** Far above a host report (a few KiB) or a stream of ten thousand of them. */
    public static final long MAX_BYTES = 256L << 20;

    private ReportFiles() {}

    public static ReportParser.Outcome read(FleetSource.File f) {
        Path p = f.path();
        // Only regular files: a FIFO would block open() forever, and a device such as /dev/zero
        // reports size 0 and never ends. Neither is a report.
        if (!Files.exists(p)) {
            return failed(f.label(), "no such file");
        }
        if (!Files.isRegularFile(p)) {
            return failed(f.label(), "not a regular file");
        }
        try (InputStream in = Files.newInputStream(p)) {
            if (Files.size(p) > MAX_BYTES) {
                return failed(f.label(), "larger than " + (MAX_BYTES >> 20) + " MiB; not a report");
            }
            // bounded even if the file grows (or lies about its size) while it is read
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, MAX_BYTES + 1));
            if (bytes.length > MAX_BYTES) {
                return failed(f.label(), "larger than " + (MAX_BYTES >> 20) + " MiB; not a report");
            }
            return ReportParser.parse(strictUtf8(bytes), f.label(), hostFromFileName(p));
        } catch (NoSuchFileException e) {
            return failed(f.label(), "no such file");
        } catch (AccessDeniedException e) {
            return failed(f.label(), "permission denied");
        } catch (CharacterCodingException e) {
            return failed(f.label(), "not UTF-8 text");
        } catch (IOException e) {
            return failed(f.label(), "cannot read: " + e.getClass().getSimpleName());
        }
    }

    public static ReportParser.Outcome read(InputStream in, String label) {
        try {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, MAX_BYTES + 1));
            if (bytes.length > MAX_BYTES) {
                return failed(label, "more than " + (MAX_BYTES >> 20) + " MiB on standard input");
            }
            return ReportParser.parse(strictUtf8(bytes), label, "stdin");
        } catch (CharacterCodingException e) {
            return failed(label, "not UTF-8 text");
        } catch (IOException e) {
            return failed(label, "cannot read: " + e.getClass().getSimpleName());
        }
    }

    /**
     * Files and standard input alike: a malformed byte fails the source ("not UTF-8 text") rather
     * than turning into U+FFFD inside a host or device name.
     */
    private static String strictUtf8(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
    }

    /** "node-a.json" -> "node-a": the usual way to save one report per host. */
    static String hostFromFileName(Path p) {
        String n = p.getFileName().toString();
        for (String ext : new String[] {".jsonl", ".json"}) {
            if (n.endsWith(ext) && n.length() > ext.length()) {
                return n.substring(0, n.length() - ext.length());
            }
        }
        return n;
    }

    static ReportParser.Outcome failed(String label, String reason) {
        return new ReportParser.Outcome(List.of(), List.of(new SourceFailure(label, reason)));
    }
}
