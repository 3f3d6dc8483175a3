package dev.gpufit.app;

import java.nio.file.Path;

/**
 * Which model a question is about: a reference (catalog id, HF repo id, config.json, model
 * directory, .gguf file) or manual numbers, and where to read a repo id from.
 *
 * @param reference the model reference, or {@code null} for manual numbers
 * @param revision  an HF repo id's branch, tag or commit ({@code null}: main)
 * @param hub       read an HF repo id from the Hub instead of the local cache
 * @param mmproj    a vision projector GGUF whose weights are added, or {@code null}
 * @param manual    the manual numbers (all {@code null} when a reference is given)
 * @param acceptGeneric take a model with unmodelled size-bearing fields as an approximate generic
 *                  estimate instead of refusing it (docs/estimation.md#no-silent-generic-fallback)
 */
public record ModelRequest(
        String reference, String revision, boolean hub, Path mmproj, ManualModel manual, boolean acceptGeneric) {}
