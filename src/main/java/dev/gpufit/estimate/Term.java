package dev.gpufit.estimate;

import dev.gpufit.note.Note;
import dev.gpufit.note.Notes;
import java.util.List;

/** One term of the estimate: its bytes and how they were derived. */
public record Term(long bytes, List<Note> notes) {
    public Term {
        notes = List.copyOf(notes);
    }

    public Term(long bytes, Notes notes) {
        this(bytes, notes.list());
    }

    /** A term explained in free text that names no setting. */
    public static Term of(long bytes, String... notes) {
        return new Term(bytes, java.util.Arrays.stream(notes).map(Note::text).toList());
    }
}
