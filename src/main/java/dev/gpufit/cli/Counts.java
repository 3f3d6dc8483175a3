package dev.gpufit.cli;

import dev.gpufit.BadInputException;
import dev.gpufit.TokenCount;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Option converters for large counts: {@code 7e9}, {@code 7B}, {@code 6.7b}; tokens {@code 8k} = 8192.
 * The parsing is {@link TokenCount}'s, shared with the agent.
 */
public final class Counts {
    private Counts() {}

    /** Parameter-style counts: decimal suffixes k/M/B/T (7B = 7,000,000,000), scientific notation. */
    public static final class Decimal implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return parse(value, 1000);
        }
    }

    /** Token counts: binary suffix k (8k = 8192, 128k = 131072), as context sizes are quoted. */
    public static final class Tokens implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return parse(value, 1024);
        }
    }

    static long parse(String value, long base) {
        try {
            return TokenCount.count(value, base);
        } catch (BadInputException e) {
            // picocli prefixes the option's name
            throw new TypeConversionException(e.getMessage());
        }
    }
}
