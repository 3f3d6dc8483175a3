package dev.gpufit.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpufit.BadInputException;
import dev.gpufit.TokenCount;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The agent takes contexts as the command line does, with the same limit, naming its own parameters. */
class ContextInputTest {

    @Test
    void fitQueryTakesTheCommandLinesSpellings() {
        assertEquals(
                1536L,
                FitQuery.parse(Map.of("model", "small", "context", "1.5k"))
                        .workload()
                        .context());
        assertEquals(
                TokenCount.MAX_CONTEXT,
                FitQuery.parse(Map.of("model", "small", "context", "128m"))
                        .workload()
                        .context());
        assertEquals(
                32768L,
                FitQuery.parse(Map.of("model", "small", "context", "32_768"))
                        .workload()
                        .context());
    }

    @Test
    void aContextAboveTheLimitIsRefusedByTheAgentNamingItsParameter() {
        BadInputException e = assertThrows(
                BadInputException.class, () -> FitQuery.parse(Map.of("model", "small", "context", "134217729")));
        assertTrue(e.getMessage().startsWith("context 134217729 is above gpufit's limit of 134217728"), e.getMessage());
        assertFalse(e.getMessage().contains("--context"), e.getMessage());
        assertThrows(BadInputException.class, () -> FitQuery.parse(Map.of("model", "small", "context", "1g")));
    }

    @Test
    void watchesTakeTheSameSpellingsAndLimit() {
        assertEquals(
                List.of(new Watch("small", 1536L), new Watch("big", 8192L)),
                Watch.parseAll(List.of("small@1.5k,big@8k,big@8192")));
        BadInputException e = assertThrows(BadInputException.class, () -> Watch.parse("small@200m"));
        assertTrue(e.getMessage().contains("--watch small@200m"), e.getMessage());
        assertTrue(e.getMessage().contains("limit of 134217728"), e.getMessage());
    }
}
