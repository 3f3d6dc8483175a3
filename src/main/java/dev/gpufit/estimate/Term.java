package dev.gpufit.estimate;

import java.util.List;

/** One term of the estimate: its bytes and how they were derived. */
public record Term(long bytes, List<String> notes) {
    public Term {
        notes = List.copyOf(notes);
    }

    public static Term of(long bytes, String note) {
        return new Term(bytes, List.of(note));
    }
}
