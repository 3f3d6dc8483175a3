package dev.gpufit.model;

import dev.gpufit.BadInputException;

/**
 * A model file (safetensors, GGUF, index, Hub response) that is malformed, truncated or hostile.
 * It is a {@link BadInputException}, so the command line turns it into exit code 2 with the
 * one-line message; the message always starts with the file it is about, so a user with a
 * directory of shards knows which one to re-download.
 *
 * <p>Messages quote names and keys taken from the file, and a hostile file can put anything in
 * them: control characters are escaped and the message is capped, so it stays one short line.
 */
public class ModelFileException extends BadInputException {
    private static final long serialVersionUID = 1L;
    private static final int MAX_MESSAGE = 500;
    private static final int MAX_QUOTED = 80;

    public ModelFileException(String file, String problem) {
        super(oneLine(file + ": " + problem));
    }

    public ModelFileException(String file, String problem, Throwable cause) {
        super(oneLine(file + ": " + problem), cause);
    }

    /** A name from a file for a message: in quotes, at most 80 characters. */
    public static String quote(String s) {
        return "'" + (s.length() > MAX_QUOTED ? s.substring(0, MAX_QUOTED) + "..." : s) + "'";
    }

    static String oneLine(String s) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), MAX_MESSAGE + 16));
        for (int i = 0; i < s.length() && sb.length() < MAX_MESSAGE; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7F || c == 0x85 || c == 0x2028 || c == 0x2029) {
                sb.append(String.format("\\x%02x", (int) c & 0xFF));
            } else {
                sb.append(c);
            }
        }
        if (sb.length() >= MAX_MESSAGE) {
            sb.setLength(MAX_MESSAGE);
            sb.append("...");
        }
        return sb.toString();
    }
}
