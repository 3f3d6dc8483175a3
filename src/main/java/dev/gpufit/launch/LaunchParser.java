package dev.gpufit.launch;

import dev.gpufit.BadInputException;
import java.util.List;
import java.util.Map;

/**
 * Reads an engine command line: {@code vllm serve MODEL ...},
 * {@code python -m vllm.entrypoints.openai.api_server --model M ...}, {@code llama-server ...} or
 * {@code llama-cli ...}. The environment is a parameter, never read here, so a caller passes the
 * one the engine will see.
 */
public final class LaunchParser {
    static final String VLLM_API_SERVER = "vllm.entrypoints.openai.api_server";

    private LaunchParser() {}

    public static Launch parse(List<String> argv, Map<String, String> env) {
        if (argv.isEmpty()) {
            throw new BadInputException(
                    "no engine command given: expected e.g. vllm serve MODEL ... or llama-server -m" + " FILE ...");
        }
        String exe = basename(argv.get(0));
        if (exe.equals("vllm")) {
            if (argv.size() < 2 || !argv.get(1).equals("serve")) {
                throw new BadInputException("gpufit reads 'vllm serve' command lines; got 'vllm"
                        + (argv.size() < 2 ? "" : " " + argv.get(1)) + "'");
            }
            return new VllmCommandParser().parse(argv, 2, true);
        }
        if (exe.matches("python[0-9.]*") && argv.size() >= 3 && argv.get(1).equals("-m")) {
            if (argv.get(2).equals(VLLM_API_SERVER)) {
                return new VllmCommandParser().parse(argv, 3, false);
            }
        }
        if (exe.equals("llama-server")) {
            return new LlamaCppCommandParser(EngineKind.LLAMA_SERVER).parse(argv, env);
        }
        if (exe.equals("llama-cli")) {
            return new LlamaCppCommandParser(EngineKind.LLAMA_CLI).parse(argv, env);
        }
        throw new BadInputException("gpufit reads vllm serve, python -m " + VLLM_API_SERVER
                + ", llama-server and llama-cli command lines; got '"
                + String.join(" ", argv.subList(0, Math.min(3, argv.size())))
                + "'");
    }

    private static String basename(String path) {
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return path.substring(slash + 1);
    }
}
