package dev.gpufit.device;

/**
 * The machine a device report describes; the "host" object of the devices JSON.
 *
 * @param hostname            e.g. "gpu-node-17", {@code null} when unknown
 * @param os                  e.g. "Linux"
 * @param osVersion           kernel or OS version, e.g. "6.1.0-18-amd64"
 * @param arch                e.g. "amd64", "aarch64"
 * @param cpu                 processor name, {@code null} when the host probe did not answer
 * @param memoryTotalBytes    host RAM, {@code null} when unknown
 * @param memoryAvailableBytes host RAM available now, {@code null} when unknown
 * @param nvidiaDriverVersion e.g. "550.54.15", {@code null} without an NVIDIA driver
 * @param cudaVisibleDevices  the raw CUDA_VISIBLE_DEVICES value, {@code null} when unset
 */
public record HostInfo(
        String hostname,
        String os,
        String osVersion,
        String arch,
        String cpu,
        Long memoryTotalBytes,
        Long memoryAvailableBytes,
        String nvidiaDriverVersion,
        String cudaVisibleDevices) {}
