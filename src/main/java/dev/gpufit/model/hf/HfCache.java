package dev.gpufit.model.hf;

import dev.gpufit.BadInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The local HuggingFace hub cache, laid out and located exactly as huggingface_hub does it:
 * {@code <hub>/models--org--name/refs/<revision>} holds a commit hash, and
 * {@code snapshots/<commit>/} holds the files (symlinks into {@code blobs/}).
 *
 * <p>The environment is passed in, never read here, so resolution is testable and the same on
 * every machine.
 */
public final class HfCache {
    private static final Pattern REPO_PART = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,95}");
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");

    private final Path hubDir;

    public HfCache(Path hubDir) {
        this.hubDir = hubDir;
    }

    /**
     * The hub cache directory as huggingface_hub's constants.py computes it: {@code HF_HUB_CACHE},
     * else the legacy {@code HUGGINGFACE_HUB_CACHE}, else {@code HF_HOME/hub}, else
     * {@code $XDG_CACHE_HOME/huggingface/hub}, else {@code ~/.cache/huggingface/hub} with
     * {@code ~} from {@code HOME}. Empty when none of them is set.
     */
    public static Optional<Path> hubDir(Map<String, String> env) {
        String home = env.get("HOME");
        for (String key : new String[] {"HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE"}) {
            String v = env.get(key);
            if (v != null && !v.isBlank()) {
                return Optional.of(expand(v, home));
            }
        }
        String hfHome = env.get("HF_HOME");
        if (hfHome != null && !hfHome.isBlank()) {
            return Optional.of(expand(hfHome, home).resolve("hub"));
        }
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Optional.of(expand(xdg, home).resolve("huggingface").resolve("hub"));
        }
        return home == null || home.isBlank()
                ? Optional.empty()
                : Optional.of(Path.of(home, ".cache", "huggingface", "hub"));
    }

    /** The cache located from the environment, or empty when it cannot be located. */
    public static Optional<HfCache> fromEnv(Map<String, String> env) {
        return hubDir(env).map(HfCache::new);
    }

    private static Path expand(String v, String home) {
        if (home != null && (v.equals("~") || v.startsWith("~/"))) {
            return Path.of(home + v.substring(1));
        }
        return Path.of(v);
    }

    public Path hubDir() {
        return hubDir;
    }

    /** True for an HF model repo id: {@code org/name} or a bare legacy {@code name}. */
    public static boolean isRepoId(String ref) {
        String[] parts = ref.split("/", -1);
        if (parts.length > 2) {
            return false;
        }
        for (String p : parts) {
            if (!REPO_PART.matcher(p).matches() || p.contains("..") || p.contains("--")) {
                return false;
            }
        }
        return true;
    }

    /** {@code models--org--name}: huggingface_hub's repo_folder_name for a model repo. */
    public Path repoDir(String repoId) {
        return hubDir.resolve("models--" + repoId.replace("/", "--"));
    }

    /** True when the cache holds any revision of this repo. */
    public boolean contains(String repoId) {
        return isRepoId(repoId) && Files.isDirectory(repoDir(repoId));
    }

    /**
     * The snapshot directory for {@code revision} (default "main"): a 40-hex commit goes straight
     * to {@code snapshots/<commit>}, a branch or tag through {@code refs/<revision>}.
     *
     * @return empty when the repo or that revision is not in the cache
     */
    public Optional<Path> snapshot(String repoId, String revision) {
        if (!contains(repoId)) {
            return Optional.empty();
        }
        String rev = revision == null || revision.isBlank() ? "main" : revision;
        Path repo = repoDir(repoId);
        String commit = rev;
        if (!COMMIT.matcher(rev).matches()) {
            Path refs = repo.resolve("refs").normalize();
            Path ref = refs.resolve(rev).normalize();
            if (!ref.startsWith(refs) || rev.contains("..")) {
                throw new BadInputException("revision '" + rev + "' is not a branch, tag or commit");
            }
            if (!Files.isRegularFile(ref)) {
                return Optional.empty();
            }
            try {
                commit = Files.readString(ref, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new BadInputException(ref + ": cannot read (" + e.getMessage() + ")");
            }
            if (!COMMIT.matcher(commit).matches()) {
                throw new BadInputException(ref + ": does not hold a commit hash");
            }
        }
        Path snap = repo.resolve("snapshots").resolve(commit);
        return Files.isDirectory(snap) ? Optional.of(snap) : Optional.empty();
    }
}
