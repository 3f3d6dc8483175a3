package dev.gpufit.app;

/** How one surface spells the fields of a question, so its errors use its own words. */
public interface FieldNames {
    /** The field's name on this surface: {@code --kv-dtype}, {@code kv_dtype}. */
    String of(Field field);

    /** The field set to {@code value} as a user of this surface writes it: {@code --tp 2}, {@code tp=2}. */
    String setting(Field field, Object value);
}
