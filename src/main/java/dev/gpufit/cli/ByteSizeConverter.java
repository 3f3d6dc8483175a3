package dev.gpufit.cli;

import dev.gpufit.BadInputException;
import dev.gpufit.estimate.EngineOpts;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Byte sizes with binary units: {@code 80GiB}, {@code 24g}, {@code 512MiB}, or plain bytes. */
public final class ByteSizeConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        try {
            long v = EngineOpts.parseBytes("size", value);
            if (v <= 0) {
                throw new TypeConversionException("'" + value + "' must be positive");
            }
            return v;
        } catch (BadInputException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
