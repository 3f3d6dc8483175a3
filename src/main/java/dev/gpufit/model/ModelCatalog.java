package dev.gpufit.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.gpufit.BadInputException;
import dev.gpufit.EditDistance;
import dev.gpufit.JsonTrees;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The model presets: the built-in config/models.yaml plus any user files, whose presets add to
 * the built-in ones and replace a built-in preset with the same id. Lookups ignore case (HF repo
 * ids are case-insensitive on the Hub).
 *
 * <p>File format: {@code models:} a list of {@code {id, aliases?, hf?, config}} where
 * {@code config} holds config.json fields.
 *
 * <p>The built-in presets are read from {@code config/models.json} in the jar, which the build
 * makes from config/models.yaml (same tree; {@code dev.gpufit.build.PackCatalogs}), so that a
 * command does not start the YAML parser. User files are YAML, parsed only when there are any.
 */
public final class ModelCatalog {
    /** The editable source of the built-in presets (also in the jar). */
    public static final String RESOURCE = "/config/models.yaml";
    /** What gpufit reads: {@link #RESOURCE} converted to JSON by the build. */
    public static final String PACKED_RESOURCE = "/config/models.json";

    private static final String BUILTIN_ORIGIN = "models.yaml (built-in)";

    /** The YAML mapper, started only when a YAML catalog is read (user files, tests, the build). */
    private static final class Yaml {
        static final YAMLMapper MAPPER = new YAMLMapper();
    }

    private final Map<String, CatalogEntry> byId = new LinkedHashMap<>();
    private final Map<String, CatalogEntry> byAlias = new LinkedHashMap<>();
    private final Map<String, CatalogEntry> byHf = new LinkedHashMap<>();

    private ModelCatalog(List<CatalogEntry> entries) {
        for (CatalogEntry e : entries) {
            // later files replace earlier presets with the same id; the answer says so, naming both
            CatalogEntry earlier = byId.get(key(e.id()));
            byId.put(key(e.id()), earlier == null ? e : e.replacing(earlier));
        }
        for (CatalogEntry e : byId.values()) {
            e.aliases().forEach(a -> byAlias.put(key(a), e));
            e.hf().forEach(h -> byHf.put(key(h), e));
        }
    }

    /** The presets shipped in the jar. */
    public static ModelCatalog builtin() {
        return new ModelCatalog(builtinEntries());
    }

    /** Built-in presets plus the given user files, later files winning. */
    public static ModelCatalog withUserFiles(List<Path> userFiles) {
        List<CatalogEntry> all = new ArrayList<>(builtinEntries());
        for (Path p : userFiles) {
            if (!Files.exists(p)) {
                throw new BadInputException("model catalog " + p + ": no such file");
            }
            if (!Files.isRegularFile(p)) {
                throw new BadInputException(
                        "model catalog " + p + ": not a regular file (expected a models.yaml file)");
            }
            try {
                all.addAll(parse(Files.readString(p, StandardCharsets.UTF_8), p.toString()));
            } catch (IOException e) {
                throw new BadInputException("model catalog " + p + ": cannot read (" + e.getMessage() + ")");
            }
        }
        return new ModelCatalog(all);
    }

    /** Presets from YAML text (public so tests and tools can build a catalog from a string). */
    public static ModelCatalog of(String yaml, String origin) {
        return new ModelCatalog(parse(yaml, origin));
    }

    static List<CatalogEntry> parse(String yaml, String origin) {
        JsonNode root;
        try {
            root = Yaml.MAPPER.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new BadInputException(origin + ": malformed YAML: " + e.getOriginalMessage());
        }
        return entries(root, origin);
    }

    /** The presets of a parsed catalog file, checked. */
    static List<CatalogEntry> entries(JsonNode root, String origin) {
        JsonNode models = root == null ? null : root.get("models");
        if (models == null || !models.isArray()) {
            throw new BadInputException(origin + ": expected a top-level 'models:' list");
        }
        List<CatalogEntry> out = new ArrayList<>();
        Map<String, Boolean> seen = new LinkedHashMap<>();
        int i = 0;
        for (JsonNode m : models) {
            String at = origin + " models[" + i++ + "]";
            JsonNode id = m.get("id");
            if (id == null || !id.isTextual() || id.asText().isBlank()) {
                throw new BadInputException(at + ": missing field 'id'");
            }
            JsonNode config = m.get("config");
            if (config == null || !config.isObject()) {
                throw new BadInputException(
                        at + " ('" + id.asText() + "'): missing field 'config' (the config.json fields)");
            }
            if (seen.put(key(id.asText()), true) != null) {
                throw new BadInputException(origin + ": preset id '" + id.asText() + "' appears twice");
            }
            out.add(new CatalogEntry(
                    id.asText(),
                    strings(m.get("aliases"), at, "aliases"),
                    strings(m.get("hf"), at, "hf"),
                    config,
                    origin));
        }
        return out;
    }

    public Optional<CatalogEntry> byId(String id) {
        String k = key(id);
        return Optional.ofNullable(byId.containsKey(k) ? byId.get(k) : byAlias.get(k));
    }

    public Optional<CatalogEntry> byHfRepoId(String repoId) {
        return Optional.ofNullable(byHf.get(key(repoId)));
    }

    public List<CatalogEntry> entries() {
        return List.copyOf(byId.values());
    }

    /** Up to {@code n} catalog ids closest to {@code ref} by edit distance (also against HF ids). */
    public List<String> closestIds(String ref, int n) {
        String r = key(ref);
        String tail = r.contains("/") ? r.substring(r.lastIndexOf('/') + 1) : r;
        Map<String, Integer> best = new LinkedHashMap<>();
        for (CatalogEntry e : byId.values()) {
            int d = Math.min(EditDistance.between(r, key(e.id())), EditDistance.between(tail, key(e.id())));
            for (String a : e.aliases()) {
                d = Math.min(d, EditDistance.between(r, key(a)));
            }
            for (String h : e.hf()) {
                d = Math.min(d, EditDistance.between(r, key(h)));
            }
            best.put(e.id(), d);
        }
        return best.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue()
                        .thenComparing(Map.Entry.comparingByKey(Comparator.naturalOrder())))
                .limit(n)
                .map(Map.Entry::getKey)
                .toList();
    }

    private static List<CatalogEntry> builtinEntries() {
        try (InputStream packed = ModelCatalog.class.getResourceAsStream(PACKED_RESOURCE)) {
            if (packed != null) {
                return entries(JsonTrees.read(packed), BUILTIN_ORIGIN);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + PACKED_RESOURCE + " from the jar", e);
        }
        // Classes built without the Maven build step (an IDE): the YAML itself, slower.
        try (InputStream in = ModelCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + PACKED_RESOURCE + " and " + RESOURCE);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), BUILTIN_ORIGIN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> strings(JsonNode arr, String at, String field) {
        if (arr == null || arr.isNull()) {
            return List.of();
        }
        if (!arr.isArray()) {
            throw new BadInputException(at + ": field '" + field + "' must be a list");
        }
        List<String> out = new ArrayList<>();
        arr.forEach(v -> out.add(v.asText()));
        return out;
    }

    private static String key(String s) {
        return s.strip().toLowerCase(Locale.ROOT);
    }
}
