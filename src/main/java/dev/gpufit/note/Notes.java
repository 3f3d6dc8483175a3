package dev.gpufit.note;

import java.util.ArrayList;
import java.util.List;

/**
 * The notes an estimate collects while it works, in order: free text (which names no setting) or
 * a structured {@link Note}.
 */
public final class Notes {
    private final List<Note> notes = new ArrayList<>();

    public Notes() {}

    public Notes(List<Note> first) {
        notes.addAll(first);
    }

    /** Free text that names no setting. */
    public void add(String text) {
        notes.add(Note.text(text));
    }

    public void add(Note note) {
        notes.add(note);
    }

    public void addAll(List<Note> more) {
        notes.addAll(more);
    }

    public boolean isEmpty() {
        return notes.isEmpty();
    }

    public List<Note> list() {
        return List.copyOf(notes);
    }
}
