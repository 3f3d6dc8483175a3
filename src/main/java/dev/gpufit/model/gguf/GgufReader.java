package dev.gpufit.model.gguf;

import dev.gpufit.BadInputException;
import dev.gpufit.model.ModelFileException;
import dev.gpufit.model.ModelSpec;
import dev.gpufit.model.WeightsInfo;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads GGUF models from disk: one file, or every split of a gguf-split set
 * ({@code name-00001-of-00003.gguf}) when given any one of them, plus an optional vision
 * projector ({@code --mmproj}).
 */
public final class GgufReader {
    private static final Pattern SPLIT = Pattern.compile("(.*)-(\\d{5})-of-(\\d{5})\\.gguf");

    private GgufReader() {}

    /** The model in {@code path} (a .gguf, or any split of a set) as a spec with exact weights. */
    public static ModelSpec read(Path path) {
        return GgufModelMapper.toSpec(path.toString(), readModelFiles(path));
    }

    /** True when the path names a GGUF file (by extension; the magic is checked on reading). */
    public static boolean isGguf(Path path) {
        return path.getFileName() != null
                && path.getFileName()
                        .toString()
                        .toLowerCase(java.util.Locale.ROOT)
                        .endsWith(".gguf");
    }

    /** One file, parsed and validated. */
    public static GgufFile readFile(Path file) {
        String name = file.toString();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return GgufParser.parse(name, ch);
        } catch (NoSuchFileException e) {
            throw new ModelFileException(name, "no such file");
        } catch (IOException e) {
            throw new ModelFileException(name, "cannot read: " + e.getMessage(), e);
        }
    }

    /** The file, or all splits of its set in order, checked against {@code split.count}. */
    public static List<GgufFile> readModelFiles(Path path) {
        Matcher mt = SPLIT.matcher(
                path.getFileName() == null ? "" : path.getFileName().toString());
        if (!mt.matches()) {
            return List.of(readFile(path));
        }
        int count = Integer.parseInt(mt.group(3));
        if (count < 1 || Integer.parseInt(mt.group(2)) > count) {
            throw new ModelFileException(
                    path.toString(), "split file name says part " + mt.group(2) + " of " + mt.group(3));
        }
        List<GgufFile> files = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            Path split = path.resolveSibling(String.format("%s-%05d-of-%05d.gguf", mt.group(1), i, count));
            if (!Files.isRegularFile(split)) {
                throw new ModelFileException(split.toString(), "split " + i + " of " + count + " is missing");
            }
            files.add(readFile(split));
        }
        OptionalLong declared = files.get(0).metadata().integer("split.count");
        if (declared.isPresent() && declared.getAsLong() != count) {
            throw new ModelFileException(
                    files.get(0).file(),
                    "split.count " + declared.getAsLong() + " does not match the " + count + " files named");
        }
        return files;
    }

    /**
     * Adds a vision projector's weights (llava/gemma3/qwen2-vl {@code mmproj-*.gguf}) to a model
     * read from files: the projector is loaded next to the model and takes device memory too.
     */
    public static ModelSpec withProjector(ModelSpec model, Path mmproj) {
        if (model.weights() == null) {
            throw new BadInputException(
                    "--mmproj adds to weights read from files; give the model as a .gguf file or a model directory");
        }
        GgufFile projector = readFile(mmproj);
        WeightsInfo p = GgufWeights.of(List.of(projector));
        WeightsInfo w = model.weights();
        Map<String, Long> byType = new HashMap<>(w.bytesByDtype());
        p.bytesByDtype().forEach((k, v) -> byType.merge(k, v, Long::sum));
        List<String> files = new ArrayList<>(w.files());
        files.addAll(p.files());
        Long params = w.parameters() == null ? null : w.parameters() + p.parameters();
        WeightsInfo sum = new WeightsInfo(
                Math.addExact(w.bytes(), p.bytes()),
                params,
                byType,
                w.tokenEmbeddingBytes(),
                files,
                w.format(),
                w.layerBytes(),
                w.layerExpertBytes());
        List<String> notes = new ArrayList<>(model.notes());
        notes.add("vision projector " + mmproj.getFileName() + ": " + p.bytes() + " bytes, " + p.parameters()
                + " parameters added (" + projector.tensors().size() + " tensors)");
        return model.toBuilder().weights(sum).parameters(params).notes(notes).build();
    }
}
