package dev.gpufit.model.gguf;

/**
 * A string value longer than the parser keeps (chat templates can be long; nothing gpufit
 * needs is): its length is known, its bytes were skipped.
 *
 * @param length length in bytes
 */
public record GgufSkippedString(long length) {}
