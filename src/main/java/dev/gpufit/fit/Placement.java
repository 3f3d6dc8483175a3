package dev.gpufit.fit;

import dev.gpufit.estimate.EngineProfiles;
import dev.gpufit.estimate.Workload;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The devices a launch will actually run on, and the verdict there: the answer a launch script
 * acts on. An engine does not look for a device that fits; it takes the devices it sees in order.
 *
 * @param rule    how the engine places the model
 * @param needed  devices the engine takes (tensor parallel x pipeline parallel; 1 for one device)
 * @param devices the judgements of the devices it runs on, in order
 * @param verdict the launch verdict: the worst of {@code devices} for {@link Rule#FIRST_DEVICES},
 *                the best for the rules that judge one device at a time
 */
public record Placement(Rule rule, int needed, List<DeviceFit> devices, Verdict verdict) {
    public Placement {
        devices = List.copyOf(devices);
    }

    /** How an engine places a model on the devices it sees. */
    public enum Rule {
        /**
         * vLLM and transformers: the first {@code tp x pp} visible devices (CUDA ordinal order), each
         * holding its share; a busy device 0 fails the launch although device 1 is free.
         */
        FIRST_DEVICES,
        /**
         * llama.cpp and Ollama: layers split over every visible device. Judged per device as one
         * device until a multi-device layer split is modelled: the launch verdict is the best device's.
         */
        LAYER_SPLIT,
        /** generic and MLX: the model on one device; the verdict is the best device's. */
        ANY_DEVICE;

        /** "first_devices", "layer_split", "any_device" (the JSON contract). */
        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The rule of the workload's engine; a tensor-parallel split always takes the first tp devices. */
    public static Rule ruleFor(Workload w) {
        if (w.tensorParallel() > 1) {
            return Rule.FIRST_DEVICES;
        }
        var profile = EngineProfiles.of(w.engine());
        if (profile.splitsLayers()) {
            return Rule.LAYER_SPLIT;
        }
        return switch (profile.name()) {
            case "vllm", "transformers" -> Rule.FIRST_DEVICES;
            default -> Rule.ANY_DEVICE;
        };
    }

    /** The placement of a launch of {@code w} over the judged devices, in the order the engine sees them. */
    public static Placement of(Workload w, List<DeviceFit> judged) {
        Rule rule = ruleFor(w);
        int needed = Math.max(1, w.tensorParallel());
        if (rule == Rule.FIRST_DEVICES) {
            List<DeviceFit> used = judged.subList(0, Math.min(needed, judged.size()));
            Verdict v = used.size() < needed
                    ? Verdict.DOES_NOT_FIT
                    : used.stream()
                            .map(DeviceFit::verdict)
                            .max(Comparator.naturalOrder())
                            .orElse(Verdict.DOES_NOT_FIT);
            return new Placement(rule, needed, used, v);
        }
        DeviceFit best = judged.stream()
                .min(Comparator.comparingInt(f -> f.verdict().ordinal()))
                .orElse(null);
        if (best == null) {
            return new Placement(rule, needed, List.of(), Verdict.DOES_NOT_FIT);
        }
        return new Placement(rule, needed, rule == Rule.LAYER_SPLIT ? judged : List.of(best), best.verdict());
    }

    /** One line for people: which devices the engine runs on and why. */
    public String describe(String engine) {
        String ids = devices.stream()
                .map(f -> "[" + f.device().index() + "]")
                .reduce((a, b) -> a + " " + b)
                .orElse("none");
        return switch (rule) {
            case FIRST_DEVICES ->
                engine + " runs on the first " + needed + " visible device" + (needed == 1 ? "" : "s") + " (" + ids
                        + "): " + verdict.jsonName();
            case LAYER_SPLIT ->
                engine + " splits layers over every visible device (" + ids + "), judged one device at a time: "
                        + verdict.jsonName();
            case ANY_DEVICE -> "the model on one device, the roomiest (" + ids + "): " + verdict.jsonName();
        };
    }
}
