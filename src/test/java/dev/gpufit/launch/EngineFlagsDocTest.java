package dev.gpufit.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** docs/engine-flags.md lists every flag of the parsers' tables, each under its own class. */
class EngineFlagsDocTest {
    static final Path DOC = Path.of("docs/engine-flags.md");

    static List<String> missing(String engineHeading, FlagTable table) throws IOException {
        String doc = Files.readString(DOC);
        int from = doc.indexOf("\n## " + engineHeading);
        int to = doc.indexOf("\n## ", from + 4);
        String section = doc.substring(from, to < 0 ? doc.length() : to);
        List<String> bad = new ArrayList<>();
        for (FlagSpec s : table.specs()) {
            String heading = "### " + s.kind().name().charAt(0)
                    + s.kind().name().substring(1).toLowerCase(Locale.ROOT);
            int start = section.indexOf(heading);
            int end = section.indexOf("\n### ", start + heading.length());
            String part = section.substring(start, end < 0 ? section.length() : end);
            List<String> spellings = new ArrayList<>(s.names());
            spellings.addAll(s.negations());
            for (String n : spellings) {
                if (!part.contains("`" + n + "`")) {
                    bad.add(n + " under " + heading);
                }
            }
            if (s.env() != null && !part.contains("`" + s.env() + "`")) {
                bad.add(s.env() + " under " + heading);
            }
        }
        return bad;
    }

    @Test
    void vllmTableIsDocumented() throws IOException {
        assertEquals(List.of(), missing("vLLM", VllmFlags.TABLE));
    }

    @Test
    void llamaCppTableIsDocumented() throws IOException {
        assertEquals(List.of(), missing("llama.cpp", LlamaCppFlags.TABLE));
    }
}
