package dev.gpufit.cli;

import dev.gpufit.BadInputException;
import dev.gpufit.model.ModelCatalog;
import dev.gpufit.report.ValidationJson;
import dev.gpufit.report.ValidationTable;
import dev.gpufit.validate.CaseResult;
import dev.gpufit.validate.GroundTruthCase;
import dev.gpufit.validate.GroundTruthFile;
import dev.gpufit.validate.Validator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gpufit validate [FILE.jsonl]}: every case of a ground-truth file (default: the public
 * engine logs shipped in the jar) through its engine profile, per term against the logged figure
 * and the seed formula. Exit 0 when every bounded check is within its bound, 3 when one is not.
 */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "Check the engine profiles against engine logs (engine-logs.jsonl format): per case and term, logged vs estimated vs the seed formula.",
        footer = {"", "Exit codes: 0 every bounded check within its bound, 2 bad input, 3 a check outside its bound."})
public final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "FILE.jsonl",
            description = "Ground-truth cases, one JSON object per line (default: the built-in public engine logs).")
    Path file;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        List<GroundTruthCase> cases;
        String source;
        if (file == null) {
            cases = GroundTruthFile.builtin();
            source = "built-in engine-logs.jsonl (" + cases.size() + " public cases)";
        } else {
            cases = GroundTruthFile.parse(read(file), file.toString());
            if (cases.isEmpty()) {
                // exit 0 on nothing checked would read as "every check within its bound"
                throw new BadInputException("no cases in " + file + " (one JSON object per line expected)");
            }
            source = file.toString();
        }
        List<CaseResult> results = new Validator(ModelCatalog.builtin()).run(cases);
        PrintWriter out = spec.commandLine().getOut();
        switch (common.format) {
            case json -> out.println(ValidationJson.toJson(ValidationJson.toNode(results, source)));
            case table, csv -> out.print(ValidationTable.render(results, source));
        }
        out.flush();
        return ValidationTable.Summary.of(results).outside() == 0 ? ExitCodes.OK : ExitCodes.DOES_NOT_FIT;
    }

    /** The file's text; when it cannot be read, bad input that says why (not the bare path the JDK gives). */
    static String read(Path file) {
        if (!Files.exists(file)) {
            throw new BadInputException("cannot read " + file + ": no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(
                    "cannot read " + file + ": not a regular file" + (Files.isDirectory(file) ? " (a directory)" : ""));
        }
        if (!Files.isReadable(file)) {
            throw new BadInputException("cannot read " + file + ": permission denied");
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new BadInputException("cannot read " + file + ": not UTF-8 text");
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": "
                    + e.getClass().getSimpleName()
                    + (e.getMessage() == null || e.getMessage().equals(file.toString()) ? "" : " " + e.getMessage()));
        }
    }
}
