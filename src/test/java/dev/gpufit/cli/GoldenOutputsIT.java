package dev.gpufit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.gpufit.testing.FakeNvml;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JSON of estimate, fit, plan and devices for a fixed set of inputs, compared byte for byte
 * with the files under src/test/resources/golden: a refactoring must not change an answer.
 * Only what belongs to the machine running the test (the host object, the host-RAM device and the probe's duration)
 * is blanked before comparing. A deliberate change of output regenerates the files with
 * {@code mvn verify -Dgpufit.golden.update=true} and says why in its commit.
 */
class GoldenOutputsIT {
    static final Path GOLDEN = Path.of(System.getProperty("gpufit.basedir", "."), "src/test/resources/golden");
    static final boolean UPDATE = Boolean.getBoolean("gpufit.golden.update");
    static final String BUSY_H100 =
            "device name=\"NVIDIA H100 80GB HBM3\" uuid=GPU-0d3f5a1c-1111-2222-3333-444455556660"
                    + " pci=00000000:10:00.0 total=85520809984 reserved=567279616 used=75161927680 cc=9.0\n";

    static Stream<Arguments> cases() {
        return Stream.of(
                golden("estimate-llama-8k", null, "estimate", "llama-3.1-8b", "--context", "8192"),
                golden(
                        "estimate-seed-manual",
                        null,
                        "estimate",
                        "--method",
                        "seed",
                        "--params",
                        "7e9",
                        "--layers",
                        "32",
                        "--hidden",
                        "4096",
                        "--context",
                        "512",
                        "--dtype",
                        "fp16",
                        "--platform",
                        "mac"),
                golden("estimate-qwen-vllm", null, "estimate", "qwen2.5-7b", "--engine", "vllm", "--context", "16k"),
                golden(
                        "estimate-mixtral-llamacpp-q4",
                        null,
                        "estimate",
                        "mixtral-8x7b",
                        "--engine",
                        "llama.cpp",
                        "--dtype",
                        "q4_k_m",
                        "--kv-dtype",
                        "q8_0",
                        "--context",
                        "32768"),
                golden("estimate-gemma2-ollama", null, "estimate", "gemma-2-9b", "--engine", "ollama"),
                golden("estimate-deepseek-fp8-tp8", null, "estimate", "deepseek-v3", "--dtype", "fp8", "--tp", "8"),
                golden(
                        "estimate-gptoss-transformers",
                        null,
                        "estimate",
                        "gpt-oss-20b",
                        "--engine",
                        "transformers",
                        "--batch",
                        "4"),
                golden(
                        "estimate-qwen3moe-mlx",
                        null,
                        "estimate",
                        "qwen3-30b-a3b",
                        "--engine",
                        "mlx",
                        "--dtype",
                        "int4"),
                golden("fit-llama-h100", null, "fit", "llama-3.1-8b", "--device", "catalog:h100-80gb"),
                golden("fit-70b-tp2", null, "fit", "llama-3.1-70b", "--device", "catalog:h100-80gb:2", "--tp", "2"),
                golden("fit-70b-4090", null, "fit", "llama-3.1-70b", "--device", "catalog:rtx-4090"),
                golden(
                        "fit-qwen-vllm-4090",
                        null,
                        "fit",
                        "qwen2.5-7b",
                        "--engine",
                        "vllm",
                        "--device",
                        "catalog:rtx-4090",
                        "--context",
                        "32768"),
                golden("fit-busy-h100", BUSY_H100, "fit", "llama-3.1-8b", "--context", "8192"),
                golden(
                        "fit-mac-llamacpp",
                        null,
                        "fit",
                        "qwen3-8b",
                        "--engine",
                        "llama.cpp",
                        "--dtype",
                        "q4_k_m",
                        "--device",
                        "catalog:m2-pro-16gb"),
                golden("plan-qwen-m2", null, "plan", "qwen2.5-7b", "--device", "catalog:m2-pro-16gb"),
                golden(
                        "plan-llama-vllm-h100",
                        null,
                        "plan",
                        "llama-3.1-8b",
                        "--engine",
                        "vllm",
                        "--device",
                        "catalog:h100-80gb"),
                golden("devices-two-h100-mig", FakeNvml.TWO_H100_AND_MIG, "devices"));
    }

    static Arguments golden(String name, String scenario, String... args) {
        return Arguments.of(name, scenario, List.of(args));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void jsonIsUnchanged(String name, String scenario, List<String> args) throws Exception {
        Path conf = DevicesIT.scenario("golden-" + name, scenario == null ? "" : scenario);
        Path sysfs = Files.createDirectories(DevicesIT.IT_DIR.resolve("golden-empty-sysfs"));
        String[] full =
                Stream.concat(args.stream(), Stream.of("--format", "json")).toArray(String[]::new);
        DevicesIT.Proc r = DevicesIT.run(
                Map.of(
                        "GPUFIT_NVML_LIBRARY",
                        FakeNvml.library().toString(),
                        "FAKE_NVML_CONFIG",
                        conf.toString(),
                        "GPUFIT_SYSFS_ROOT",
                        sysfs.toAbsolutePath().toString()),
                DevicesIT.jar(full));
        String actual = "exit " + r.code() + "\n" + normalized(r.out());
        Path file = GOLDEN.resolve(name + ".json");
        if (UPDATE) {
            Files.createDirectories(GOLDEN);
            Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        assertEquals(read(file), actual, name + ": " + r.err());
    }

    static String read(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new AssertionError("no golden file " + file + "; run with -Dgpufit.golden.update=true");
        }
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    /** Blanks what depends on the machine running the test: host identity and host RAM. */
    static String normalized(String json) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode root = mapper.readTree(json);
        blankHost(root);
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    }

    static void blankHost(JsonNode node) {
        if (node instanceof ObjectNode o) {
            if (o.get("host") instanceof ObjectNode host) {
                host.fieldNames().forEachRemaining(f -> host.set(f, TextNode.valueOf("<machine>")));
            }
            if (o.has("probe_ms")) {
                o.set("probe_ms", TextNode.valueOf("<timing>"));
            }
            if ("host".equals(o.path("kind").asText(null))) {
                for (String f : List.of(
                        "name",
                        "total_bytes",
                        "free_bytes",
                        "usable_bytes",
                        "used_bytes",
                        "budget_bytes",
                        "headroom_bytes",
                        "reason")) {
                    if (o.has(f)) {
                        o.set(f, TextNode.valueOf("<machine>"));
                    }
                }
            }
        }
        node.forEach(GoldenOutputsIT::blankHost);
    }
}
