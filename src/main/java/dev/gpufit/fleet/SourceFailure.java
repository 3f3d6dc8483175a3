package dev.gpufit.fleet;

/** A source that could not be read, and why, in one line. */
public record SourceFailure(String source, String reason) {}
