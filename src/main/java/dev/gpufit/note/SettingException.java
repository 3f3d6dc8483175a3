package dev.gpufit.note;

import dev.gpufit.BadInputException;
import java.util.function.Function;

/**
 * Bad input about a setting, found deep in the estimator or the judge (a device selector that
 * names no device, a KV cache type the engine lacks), worded by the surface that catches it so
 * the agent names {@code device=xyz} where the command line names {@code --device xyz}.
 * {@link #getMessage()} is the command line's wording ({@link SettingNames#COMMAND_LINE}), so
 * every catch that does not word it (the command line's exit-2 line) reads as before.
 */
public final class SettingException extends BadInputException {
    private static final long serialVersionUID = 1L;

    /** The message with the settings spelled by the given names. */
    private final transient Function<SettingNames, String> words;

    private SettingException(Function<SettingNames, String> words, String message) {
        super(message);
        this.words = words;
    }

    /** @param words the message, its settings spelled by the names it is given */
    public static SettingException of(Function<SettingNames, String> words) {
        return new SettingException(words, words.apply(SettingNames.COMMAND_LINE));
    }

    /** The message with the settings spelled as {@code names} spell them. */
    public String words(SettingNames names) {
        return words == null ? getMessage() : words.apply(names);
    }

    /** The message of any bad input in {@code names}' words: a setting's as they spell it, any other as it was. */
    public static String wording(BadInputException e, SettingNames names) {
        return e instanceof SettingException s ? s.words(names) : e.getMessage();
    }
}
