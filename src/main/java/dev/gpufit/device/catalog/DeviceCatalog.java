package dev.gpufit.device.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.gpufit.EditDistance;
import dev.gpufit.JsonTrees;
import dev.gpufit.device.Device;
import dev.gpufit.device.DeviceKind;
import dev.gpufit.device.Vendor;
import dev.gpufit.device.apple.AppleGpuBudget;
import dev.gpufit.note.Setting;
import dev.gpufit.note.SettingException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Devices that are not here, for what-if planning ({@code --device catalog:h100-80gb:8}).
 * Read from {@code config/devices.json} in the jar, which the build makes from the editable
 * {@code config/devices.yaml} (same tree; {@code dev.gpufit.build.PackCatalogs}), so that no
 * YAML parser starts.
 */
public final class DeviceCatalog {
    public static final String PREFIX = "catalog:";
    /** The editable source (also in the jar). */
    /** The id of the {@code ordinal}-th device made from catalog entry {@code catalogId}: "catalog:h100-80gb#2". */
    public static String deviceId(String catalogId, int ordinal) {
        return PREFIX + catalogId + "#" + ordinal;
    }

    /** The catalog entry a device was made from ("h100-80gb" for "catalog:h100-80gb#2"); null for a device that is here. */
    public static String catalogIdOf(Device d) {
        String id = d.id();
        if (id == null || !id.startsWith(PREFIX)) {
            return null;
        }
        String rest = id.substring(PREFIX.length());
        int hash = rest.indexOf('#');
        return hash < 0 ? rest : rest.substring(0, hash);
    }

    public static final String RESOURCE = "/config/devices.yaml";
    /** What gpufit reads: {@link #RESOURCE} converted to JSON by the build. */
    public static final String PACKED_RESOURCE = "/config/devices.json";

    private static final long MIB = 1024L * 1024L;

    private final Map<String, CatalogDevice> byId;

    private DeviceCatalog(List<CatalogDevice> entries) {
        Map<String, CatalogDevice> map = new LinkedHashMap<>();
        for (CatalogDevice d : entries) {
            map.put(d.id(), d);
        }
        this.byId = map;
    }

    /** The catalog packaged in the jar. */
    public static DeviceCatalog load() {
        try (InputStream packed = DeviceCatalog.class.getResourceAsStream(PACKED_RESOURCE)) {
            if (packed != null) {
                return of(JsonTrees.read(packed));
            }
            // Classes built without the Maven build step (an IDE): the YAML itself, slower.
            try (InputStream in = DeviceCatalog.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("the jar lacks " + PACKED_RESOURCE + " and " + RESOURCE);
                }
                return parse(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the packaged device catalog", e);
        }
    }

    /** A catalog from devices.yaml text. */
    static DeviceCatalog parse(InputStream in) throws IOException {
        return of(Yaml.read(in));
    }

    /**
     * The YAML parser, in its own class: while DeviceCatalog is verified the JVM loads the classes
     * its code hands over, and the YAML module should load only when YAML is read.
     */
    private static final class Yaml {
        static JsonNode read(InputStream in) throws IOException {
            return new ObjectMapper(new YAMLFactory()).readTree(in);
        }
    }

    /** A catalog from the parsed tree of a devices file. */
    static DeviceCatalog of(JsonNode root) {
        List<CatalogDevice> list = new ArrayList<>();
        for (JsonNode n : root.path("devices")) {
            List<String> aliases = new ArrayList<>();
            n.path("aliases").forEach(a -> aliases.add(a.asText()));
            list.add(new CatalogDevice(
                    n.path("id").asText(),
                    n.path("name").asText(),
                    n.path("vendor").asText(),
                    n.path("kind").asText("discrete"),
                    n.path("total_mib").asLong(),
                    n.hasNonNull("older_driver_total_mib")
                            ? n.get("older_driver_total_mib").asLong()
                            : null,
                    aliases,
                    n.path("source").asText()));
        }
        return new DeviceCatalog(list);
    }

    public List<CatalogDevice> all() {
        return List.copyOf(byId.values());
    }

    public Optional<CatalogDevice> find(String idOrAlias) {
        String key = idOrAlias.toLowerCase(Locale.ROOT);
        CatalogDevice d = byId.get(key);
        if (d != null) {
            return Optional.of(d);
        }
        return byId.values().stream().filter(c -> c.aliases().contains(key)).findFirst();
    }

    /**
     * The entry to plan with for more devices like {@code d}, a device that is here: the one the
     * driver names the same (the closest in memory if several), else a discrete device of the same
     * vendor whose memory is within {@value #SAME_MEMORY_PERCENT} % of it (what a fit depends on).
     */
    public Optional<CatalogDevice> like(Device d) {
        long mib = d.totalBytes() / MIB;
        Comparator<CatalogDevice> closest = Comparator.comparingLong(c -> Math.abs(c.totalMib() - mib));
        if (d.name() != null) {
            Optional<CatalogDevice> named = byId.values().stream()
                    .filter(c -> c.name().equalsIgnoreCase(d.name().strip()))
                    .min(closest);
            if (named.isPresent()) {
                return named;
            }
        }
        return byId.values().stream()
                .filter(c -> d.vendor() != null && d.vendor().jsonName().equals(c.vendor()))
                .filter(c -> "discrete".equals(c.kind()))
                .filter(c -> Math.abs(c.totalMib() - mib) * 100 <= SAME_MEMORY_PERCENT * mib)
                .min(closest);
    }

    /** How close in memory a catalog device must be to stand in for a device of another name. */
    static final int SAME_MEMORY_PERCENT = 2;

    /**
     * Expands {@code catalog:NAME[:COUNT]} (without the prefix: {@code NAME[:COUNT]}) into COUNT
     * identical, empty devices.
     */
    public List<Device> expand(String spec, int firstIndex) {
        String[] parts = spec.split(":", -1);
        if (parts.length > 2 || parts[0].isBlank()) {
            throw SettingException.of(
                    n -> n.spell(Setting.DEVICE, "catalog:NAME[:COUNT]") + " expected, got 'catalog:" + spec + "'");
        }
        int count = 1;
        if (parts.length == 2) {
            try {
                count = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                count = -1;
            }
            if (count < 1 || count > 1024) {
                throw SettingException.of(n ->
                        n.spell(Setting.DEVICE, "catalog:" + spec) + ": COUNT must be a whole number from 1 to 1024");
            }
        }
        CatalogDevice c = find(parts[0])
                .orElseThrow(() -> SettingException.of(n -> "unknown catalog device '" + parts[0] + "'; closest: "
                        + String.join(", ", closest(parts[0], 5))
                        + (n.commandLine() ? " (gpufit catalog devices lists them all)" : "")));
        List<Device> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(toDevice(c, firstIndex + i, i));
        }
        return out;
    }

    static Device toDevice(CatalogDevice c, int index, int ordinal) {
        long total = c.totalMib() * MIB;
        boolean unified = "unified".equals(c.kind());
        long usable;
        String usableSource;
        if (unified && "apple".equals(c.vendor())) {
            usable = AppleGpuBudget.defaultBytes(total);
            usableSource = "default Metal working set, " + AppleGpuBudget.defaultFraction(total)
                    + " of RAM (catalog heuristic)";
        } else {
            usable = total;
            usableSource = "catalog total, device assumed empty";
        }
        List<String> notes = new ArrayList<>();
        notes.add("from the device catalog: " + c.source());
        if (!unified) {
            notes.add(
                    "driver-reserved memory (a few hundred MiB on datacenter GPUs) is unknown here and not subtracted");
        }
        return Device.builder(deviceId(c.id(), ordinal), unified ? DeviceKind.UNIFIED : DeviceKind.DISCRETE)
                .index(index)
                .vendor(Vendor.find(c.vendor()).orElse(null))
                .name(c.name())
                .totalBytes(total)
                .freeBytes(usable)
                .usableBytes(usable)
                .usableSource(usableSource)
                .notes(notes)
                .build();
    }

    List<String> closest(String wanted, int n) {
        String w = wanted.toLowerCase(Locale.ROOT);
        return byId.keySet().stream()
                .sorted(Comparator.comparingInt((String id) -> EditDistance.between(w, id))
                        .thenComparing(id -> id))
                .limit(n)
                .toList();
    }
}
