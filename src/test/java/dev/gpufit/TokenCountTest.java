package dev.gpufit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TokenCountTest {

    @ParameterizedTest
    @CsvSource({
        "8192, 8192",
        "8k, 8192",
        "128K, 131072",
        "1.5k, 1536",
        "128m, 134217728",
        "32_768, 32768",
        "' 4096 ', 4096"
    })
    void tokensAsPeopleWriteThem(String raw, long expected) {
        assertEquals(expected, TokenCount.tokens(raw));
        assertEquals(expected, TokenCount.context(raw, "context"));
    }

    @Test
    void parameterCountsUseDecimalSuffixes() {
        assertEquals(7_000_000_000L, TokenCount.count("7B", 1000));
        assertEquals(6_700_000_000L, TokenCount.count("6.7b", 1000));
        assertEquals(7_000_000_000L, TokenCount.count("7e9", 1000));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "-1", "abc", "1.3", "8q", "1e999999999", "99999999999999999999"})
    void badCountsAreBadInputOnOneLine(String raw) {
        BadInputException e = assertThrows(BadInputException.class, () -> TokenCount.context(raw, "context"));
        assertTrue(e.getMessage().startsWith("context"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    @Test
    void theContextLimitNamesTheCallersParameter() {
        assertEquals(TokenCount.MAX_CONTEXT, TokenCount.context("128m", "context"));
        BadInputException e = assertThrows(BadInputException.class, () -> TokenCount.context("134217729", "context"));
        assertEquals(
                "context 134217729 is above gpufit's limit of 134217728 tokens"
                        + " (128M; the longest published context is 10M)",
                e.getMessage());
        assertFalse(e.getMessage().contains("--"), e.getMessage());
        assertTrue(assertThrows(BadInputException.class, () -> TokenCount.checkContext(1L << 30, "--context"))
                .getMessage()
                .startsWith("--context 1073741824 is above"));
    }
}
