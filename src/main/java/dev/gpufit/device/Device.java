package dev.gpufit.device;

import java.util.List;
import java.util.Objects;

/**
 * One memory pool a model could be loaded into, as probed (or taken from the device catalog).
 * Figures are bytes. Unknown optional facts are {@code null}, never -1.
 *
 * @param id                stable id: "nvidia:0", "nvidia:0/mig:1", "amd:0", "apple:0", "host", "catalog:h100-80gb#0"
 * @param index             position among the devices gpufit reports (CUDA ordinal for visible NVIDIA GPUs)
 * @param vendor            nvidia, amd, apple, intel, host; {@code null} when a remote report names a vendor
 *                          gpufit does not know
 * @param name              as the driver names it, e.g. "NVIDIA H100 80GB HBM3"
 * @param uuid              e.g. "GPU-0d3f5a1c-...", "MIG-...", {@code null} when the backend has none
 * @param pciBusId          e.g. "00000000:18:00.0", {@code null} when not a PCI device
 * @param kind              discrete, unified, mig, host
 * @param totalBytes        total memory as the driver reports it (nvidia-smi "Total")
 * @param freeBytes         free now, {@code null} when the backend cannot say
 * @param reservedBytes     reserved by driver/firmware (NVML v2), {@code null} unknown
 * @param usableBytes       what a model may use: free for discrete GPUs, the Metal working set
 *                          on Apple, the GTT pool on APUs
 * @param computeCapability e.g. "9.0" (NVIDIA), {@code null} otherwise
 * @param driverVersion     e.g. "550.54.15", {@code null} when unknown
 * @param usableSource      how usable was obtained, e.g. "NVML memory v2 free",
 *                          "Metal recommendedMaxWorkingSetSize", "default 2/3 of RAM"
 * @param notes             anything else a person should know about this device's figures
 * @param processes         the processes holding its memory, largest first; empty when none;
 *                          {@code null} when unknown or not asked (not NVML, a query the driver
 *                          refused: the notes then say why)
 */
public record Device(
        String id,
        int index,
        Vendor vendor,
        String name,
        String uuid,
        String pciBusId,
        DeviceKind kind,
        long totalBytes,
        Long freeBytes,
        Long reservedBytes,
        long usableBytes,
        String computeCapability,
        String driverVersion,
        String usableSource,
        List<String> notes,
        List<GpuProcess> processes) {

    public Device {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        notes = notes == null ? List.of() : List.copyOf(notes);
        processes = processes == null ? null : List.copyOf(processes);
    }

    /** A device whose processes are unknown (every backend but NVML). */
    public Device(
            String id,
            int index,
            Vendor vendor,
            String name,
            String uuid,
            String pciBusId,
            DeviceKind kind,
            long totalBytes,
            Long freeBytes,
            Long reservedBytes,
            long usableBytes,
            String computeCapability,
            String driverVersion,
            String usableSource,
            List<String> notes) {
        this(
                id,
                index,
                vendor,
                name,
                uuid,
                pciBusId,
                kind,
                totalBytes,
                freeBytes,
                reservedBytes,
                usableBytes,
                computeCapability,
                driverVersion,
                usableSource,
                notes,
                null);
    }

    /**
     * Memory held by processes, as nvidia-smi's "Used": total less free less what the driver
     * reserves (when known; NVML v2), so an idle GPU reads 0 rather than its reserved share.
     */
    public Long usedBytes() {
        if (freeBytes == null) {
            return null;
        }
        long reserved = reservedBytes == null ? 0 : reservedBytes;
        return Math.max(0, totalBytes - freeBytes - reserved);
    }

    /** The same device at another report position. */
    public Device withIndex(int newIndex) {
        return toBuilder().index(newIndex).build();
    }

    /** A device by named fields: the id and kind are required, the other facts default to unknown (null, 0). */
    public static Builder builder(String id, DeviceKind kind) {
        return new Builder(id, kind);
    }

    /** A builder holding this device's fields. */
    public Builder toBuilder() {
        return new Builder(id, kind)
                .index(index)
                .vendor(vendor)
                .name(name)
                .uuid(uuid)
                .pciBusId(pciBusId)
                .totalBytes(totalBytes)
                .freeBytes(freeBytes)
                .reservedBytes(reservedBytes)
                .usableBytes(usableBytes)
                .computeCapability(computeCapability)
                .driverVersion(driverVersion)
                .usableSource(usableSource)
                .notes(notes)
                .processes(processes);
    }

    /** Named fields for {@link Device}'s sixteen, so a probe cannot swap two of the same type unnoticed. */
    public static final class Builder {
        private final String id;
        private final DeviceKind kind;
        private int index;
        private Vendor vendor;
        private String name;
        private String uuid;
        private String pciBusId;
        private long totalBytes;
        private Long freeBytes;
        private Long reservedBytes;
        private long usableBytes;
        private String computeCapability;
        private String driverVersion;
        private String usableSource;
        private List<String> notes = List.of();
        private List<GpuProcess> processes;

        private Builder(String id, DeviceKind kind) {
            this.id = id;
            this.kind = kind;
        }

        public Builder index(int v) {
            index = v;
            return this;
        }

        public Builder vendor(Vendor v) {
            vendor = v;
            return this;
        }

        public Builder name(String v) {
            name = v;
            return this;
        }

        public Builder uuid(String v) {
            uuid = v;
            return this;
        }

        public Builder pciBusId(String v) {
            pciBusId = v;
            return this;
        }

        public Builder totalBytes(long v) {
            totalBytes = v;
            return this;
        }

        public Builder freeBytes(Long v) {
            freeBytes = v;
            return this;
        }

        public Builder reservedBytes(Long v) {
            reservedBytes = v;
            return this;
        }

        public Builder usableBytes(long v) {
            usableBytes = v;
            return this;
        }

        public Builder computeCapability(String v) {
            computeCapability = v;
            return this;
        }

        public Builder driverVersion(String v) {
            driverVersion = v;
            return this;
        }

        public Builder usableSource(String v) {
            usableSource = v;
            return this;
        }

        public Builder notes(List<String> v) {
            notes = v;
            return this;
        }

        /** The processes holding its memory; {@code null} (the default) when unknown or not asked. */
        public Builder processes(List<GpuProcess> v) {
            processes = v;
            return this;
        }

        public Device build() {
            return new Device(
                    id,
                    index,
                    vendor,
                    name,
                    uuid,
                    pciBusId,
                    kind,
                    totalBytes,
                    freeBytes,
                    reservedBytes,
                    usableBytes,
                    computeCapability,
                    driverVersion,
                    usableSource,
                    notes,
                    processes);
        }
    }

    // Written out rather than generated: the record's generated equals/hashCode bootstrap through
    // invokedynamic (ObjectMethods) on first use, about 10 ms of every `fit` and `devices` start.
    @Override
    public boolean equals(Object o) {
        return this == o
                || o instanceof Device d
                        && index == d.index
                        && totalBytes == d.totalBytes
                        && usableBytes == d.usableBytes
                        && id.equals(d.id)
                        && kind == d.kind
                        && Objects.equals(vendor, d.vendor)
                        && Objects.equals(name, d.name)
                        && Objects.equals(uuid, d.uuid)
                        && Objects.equals(pciBusId, d.pciBusId)
                        && Objects.equals(freeBytes, d.freeBytes)
                        && Objects.equals(reservedBytes, d.reservedBytes)
                        && Objects.equals(computeCapability, d.computeCapability)
                        && Objects.equals(driverVersion, d.driverVersion)
                        && Objects.equals(usableSource, d.usableSource)
                        && notes.equals(d.notes)
                        && Objects.equals(processes, d.processes);
    }

    @Override
    public int hashCode() {
        int h = id.hashCode();
        h = 31 * h + index;
        h = 31 * h + Long.hashCode(totalBytes);
        h = 31 * h + Long.hashCode(usableBytes);
        h = 31 * h + Objects.hashCode(uuid);
        h = 31 * h + Objects.hashCode(freeBytes);
        return h;
    }
}
