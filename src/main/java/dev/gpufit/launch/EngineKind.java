package dev.gpufit.launch;

/** The engine a command line starts. */
public enum EngineKind {
    VLLM("vllm serve"),
    LLAMA_SERVER("llama-server"),
    LLAMA_CLI("llama-cli");

    private final String command;

    EngineKind(String command) {
        this.command = command;
    }

    /** How the engine is invoked, for messages. */
    public String command() {
        return command;
    }

    public boolean isLlamaCpp() {
        return this != VLLM;
    }
}
