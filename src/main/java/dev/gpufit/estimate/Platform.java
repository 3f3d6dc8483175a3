package dev.gpufit.estimate;

/** Where the model runs; decides the seed formula's fixed overhead. */
public enum Platform {
    /** Linux or Windows with a discrete GPU: 2,000,000,000 bytes of overhead in the seed formula. */
    LINUX(2_000_000_000L),
    /** macOS, unified memory: 5,000,000,000 bytes of overhead in the seed formula. */
    MAC(5_000_000_000L);

    private final long seedOverheadBytes;

    Platform(long seedOverheadBytes) {
        this.seedOverheadBytes = seedOverheadBytes;
    }

    public long seedOverheadBytes() {
        return seedOverheadBytes;
    }
}
