package dev.gpufit.agent;

import dev.gpufit.BadInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The shared secret of {@code --token-file}. Compared as SHA-256 digests with
 * {@link MessageDigest#isEqual}, so the comparison time depends on neither the length nor
 * the first differing byte of what a client sent.
 */
public final class BearerToken {
    private static final int MAX_FILE_BYTES = 4096;
    private final byte[] digest;

    private BearerToken(String token) {
        this.digest = sha256(token);
    }

    public static BearerToken of(String token) {
        if (token == null || token.isBlank()) {
            throw new BadInputException("the token is empty");
        }
        return new BearerToken(token.strip());
    }

    /** Reads the first line of the file; a Kubernetes secret mounted as a file works as is. */
    public static BearerToken fromFile(Path file) {
        return new BearerToken(readFile(file));
    }

    /** The token in the file (first line, trimmed); also what {@code fleet --token-file} sends. */
    public static String readFile(Path file) {
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new BadInputException(
                        "--token-file: larger than " + MAX_FILE_BYTES + " bytes; expected one token");
            }
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            int nl = text.indexOf('\n');
            String token = nl < 0 ? text : text.substring(0, nl).strip();
            if (token.isEmpty()) {
                throw new BadInputException("--token-file: the file is empty");
            }
            return token;
        } catch (IOException e) {
            throw new BadInputException("--token-file: cannot read " + file.getFileName() + ": "
                    + e.getClass().getSimpleName());
        }
    }

    /** Checks an {@code Authorization} header value. */
    public boolean accepts(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(
                digest, sha256(authorizationHeader.substring(7).strip()));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
