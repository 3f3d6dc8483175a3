package dev.gpufit.fit;

import dev.gpufit.device.Device;
import dev.gpufit.device.DeviceKind;
import dev.gpufit.device.GpuCount;
import dev.gpufit.device.catalog.DeviceCatalog;
import dev.gpufit.note.Note;
import dev.gpufit.note.Setting;
import dev.gpufit.note.SettingException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Turns {@code --device} into devices: {@code all} (default), indices, UUIDs or unique UUID
 * prefixes, {@code host}, or {@code catalog:NAME[:COUNT]} for devices that are not here.
 * Probing happens only when a selector needs the devices that are here, so pure what-if
 * questions never touch the driver.
 */
public final class DeviceSelector {
    private final Supplier<List<Device>> probed;
    private final Supplier<DeviceCatalog> catalogSource;
    private DeviceCatalog catalog;

    public DeviceSelector(Supplier<List<Device>> probed, DeviceCatalog catalog) {
        this(probed, () -> catalog);
    }

    /**
     * @param catalog the device catalog, asked for at most once and only when a selector names a
     *                {@code catalog:} device (reading it costs a few milliseconds at start-up)
     */
    public DeviceSelector(Supplier<List<Device>> probed, Supplier<DeviceCatalog> catalog) {
        this.probed = probed;
        this.catalogSource = catalog;
    }

    private DeviceCatalog catalog() {
        if (catalog == null) {
            catalog = catalogSource.get();
        }
        return catalog;
    }

    /** True when the selector names only catalog devices, so no probe is needed. */
    public static boolean catalogOnly(String selector) {
        if (selector == null || selector.isBlank()) {
            return false;
        }
        for (String part : splitTopLevel(selector)) {
            if (!part.toLowerCase(Locale.ROOT).startsWith(DeviceCatalog.PREFIX)) {
                return false;
            }
        }
        return true;
    }

    public DeviceSelection select(String selector) {
        if (selector == null || selector.isBlank() || selector.equalsIgnoreCase("all")) {
            return all(probed.get());
        }
        return pick(selector);
    }

    /** "all": the visible GPUs (MIG-enabled parents through their instances), else host RAM. */
    private static DeviceSelection all(List<Device> here) {
        List<Note> notes = new ArrayList<>();
        List<Device> parents = here.stream().filter(d -> isMigParent(d, here)).toList();
        List<Device> accelerators = here.stream()
                .filter(d -> d.kind() != DeviceKind.HOST && !parents.contains(d))
                .toList();
        if (!accelerators.isEmpty()) {
            notes.add(new Note.AllGpusSelected());
            for (Device p : parents) {
                notes.add(Note.text("GPU " + p.index() + " (" + p.name()
                        + ") has MIG enabled: CUDA runs only on its MIG instances, which are judged instead"));
            }
            return new DeviceSelection(accelerators, notes);
        }
        List<Device> hosts =
                here.stream().filter(d -> d.kind() == DeviceKind.HOST).toList();
        if (!hosts.isEmpty()) {
            notes.add(Note.text("no GPU found: judging host RAM for CPU inference"));
        }
        return new DeviceSelection(hosts, notes);
    }

    private DeviceSelection pick(String selector) {
        List<Note> notes = new ArrayList<>();
        Set<Device> chosen = new LinkedHashSet<>();
        List<Device> here = null;
        List<String> parts = splitTopLevel(selector);
        if (parts.isEmpty()) {
            throw SettingException.of(n -> n.name(Setting.DEVICE) + " '" + selector
                    + "' names no device; use all, indices, UUIDs, host, or catalog:NAME[:COUNT]");
        }
        for (String part : parts) {
            String p = part.strip();
            if (p.toLowerCase(Locale.ROOT).startsWith(DeviceCatalog.PREFIX)) {
                chosen.addAll(catalog().expand(p.substring(DeviceCatalog.PREFIX.length()), chosen.size()));
                notes.add(Note.text(
                        "catalog devices are assumed empty: the verdict is for planning, not for this machine"));
                continue;
            }
            if (here == null) {
                here = probed.get();
            }
            if (p.equalsIgnoreCase("all")) { // e.g. "all,host": the GPUs and host RAM
                DeviceSelection gpus = all(here);
                chosen.addAll(gpus.devices());
                notes.addAll(gpus.notes());
                continue;
            }
            chosen.add(match(p, here));
        }
        return new DeviceSelection(new ArrayList<>(chosen), List.copyOf(new LinkedHashSet<>(notes)));
    }

    private static Device match(String p, List<Device> here) {
        if (p.equalsIgnoreCase("host")) {
            return here.stream()
                    .filter(d -> d.kind() == DeviceKind.HOST)
                    .findFirst()
                    .orElseThrow(() -> SettingException.of(
                            n -> n.spell(Setting.DEVICE, "host") + ": host RAM could not be read on this machine"));
        }
        if (p.chars().allMatch(Character::isDigit) && !p.isEmpty()) {
            int idx = p.length() > 9 ? -1 : Integer.parseInt(p); // longer than any index: no such device
            return here.stream()
                    .filter(d -> d.kind() != DeviceKind.HOST && d.index() == idx)
                    .findFirst()
                    .orElseThrow(() -> SettingException.of(n ->
                            n.spell(Setting.DEVICE, p) + ": no device with that index here (" + describe(here) + ")"));
        }
        List<Device> byId =
                here.stream().filter(d -> p.equalsIgnoreCase(d.id())).toList();
        if (byId.size() == 1) {
            return byId.get(0);
        }
        List<Device> byUuid = here.stream()
                .filter(d ->
                        d.uuid() != null && d.uuid().toLowerCase(Locale.ROOT).startsWith(p.toLowerCase(Locale.ROOT)))
                .toList();
        if (byUuid.size() == 1) {
            return byUuid.get(0);
        }
        if (byUuid.size() > 1) {
            List<String> uuids = byUuid.stream().map(Device::uuid).toList();
            throw SettingException.of(
                    n -> n.spell(Setting.DEVICE, p) + " is ambiguous: it starts the UUIDs of " + uuids);
        }
        throw SettingException.of(n -> n.spell(Setting.DEVICE, p) + ": no such device here (" + describe(here)
                + "); use an index, a UUID or unique prefix, host, or catalog:NAME[:COUNT]");
    }

    /**
     * A GPU with MIG enabled: its MIG instances are listed as devices of their own (ids
     * "PARENT/mig:N"), and CUDA cannot run on the parent itself.
     */
    static boolean isMigParent(Device d, List<Device> here) {
        return GpuCount.isMigParent(d, here);
    }

    private static String describe(List<Device> here) {
        if (here.isEmpty()) {
            return "none found";
        }
        return "found: "
                + String.join(
                        ", ", here.stream().map(d -> d.index() + "=" + d.name()).toList());
    }

    /** The parts of a selector as {@link #select} reads them: "catalog:h100-80gb:8,0" is two. */
    public static List<String> parts(String selector) {
        return selector == null ? List.of() : splitTopLevel(selector);
    }

    /** Splits on commas; "catalog:h100-80gb:8,0" is two selectors. */
    private static List<String> splitTopLevel(String s) {
        List<String> out = new ArrayList<>();
        for (String part : s.split(",")) {
            if (!part.isBlank()) {
                out.add(part.strip());
            }
        }
        return out;
    }
}
