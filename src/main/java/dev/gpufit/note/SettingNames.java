package dev.gpufit.note;

/**
 * How one surface spells the settings of a question ({@code report.Surface}): a note, an advice
 * or a {@link SettingException} is worded through it and never carries a surface's spelling.
 */
public interface SettingNames {
    /**
     * The command line's flags: {@code report.Surface.CLI} spells settings with them, and a
     * {@link SettingException}'s plain message uses them, so the exit-2 line of the command line
     * needs no surface to word it.
     */
    SettingNames COMMAND_LINE = new SettingNames() {
        @Override
        public String name(Setting s) {
            return switch (s) {
                case CONTEXT -> "--context";
                case BATCH -> "--batch";
                case DTYPE -> "--dtype";
                case KV_DTYPE -> "--kv-dtype";
                case ENGINE -> "--engine";
                case TP -> "--tp";
                case DEVICE -> "--device";
                case BUDGET -> "--budget";
                case METHOD -> "--method";
                case GPU_LAYERS -> "--gpu-layers";
                case GPU_MEMORY_UTILIZATION -> "--gpu-memory-utilization";
            };
        }

        @Override
        public String spell(Change c) {
            return c.value() == null ? name(c.setting()) : name(c.setting()) + " " + c.value();
        }

        @Override
        public boolean commandLine() {
            return true;
        }
    };

    /** Whether these are the command line's words, where a message may point to another gpufit command. */
    boolean commandLine();

    /** The setting's name on this surface: {@code --kv-dtype} or {@code kv_dtype}. */
    String name(Setting s);

    /** One setting with its value: {@code --tp 4} or {@code tp=4}; the name alone when there is no value. */
    String spell(Change c);

    /** {@code setting} given {@code value}: {@code --device xyz} or {@code device=xyz}. */
    default String spell(Setting setting, Object value) {
        return spell(Change.of(setting, value));
    }
}
