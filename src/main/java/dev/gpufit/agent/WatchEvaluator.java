package dev.gpufit.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gpufit.BadInputException;
import dev.gpufit.app.FitRequest;
import dev.gpufit.app.UnknownVerdictException;
import dev.gpufit.device.Device;
import dev.gpufit.device.DeviceInventory;
import dev.gpufit.fit.Budget;
import java.util.ArrayList;
import java.util.List;

/** Judges every watched model against one set of devices; one broken watch does not hide the others. */
public final class WatchEvaluator {
    /**
     * Per-device verdicts for one watch: the devices judged as {@code fit} judges them, without
     * building the fit answer around them (advice searches, notes) that a watch never reads.
     */
    @FunctionalInterface
    public interface Verdicts {
        /** @throws BadInputException for unknown models or impossible parameters */
        List<WatchedFit> judge(Watch watch, FitRequest request, DeviceInventory probed);
    }

    private final Verdicts verdicts;
    private final List<Watch> watches;
    private final Budget budget;

    public WatchEvaluator(Verdicts verdicts, List<Watch> watches, Budget budget) {
        this.verdicts = verdicts;
        this.watches = List.copyOf(watches);
        this.budget = budget;
    }

    /** Verdicts read back from a whole fit answer (for responders that only give the JSON). */
    public WatchEvaluator(FitResponder fits, List<Watch> watches, Budget budget) {
        this((w, q, inv) -> fromJson(w, fits.fit(q, inv)), watches, budget);
    }

    private static List<WatchedFit> fromJson(Watch w, ObjectNode json) {
        List<WatchedFit> out = new ArrayList<>();
        for (JsonNode d : json.path("devices")) {
            out.add(new WatchedFit(
                    w,
                    d.path("index").asText(""),
                    d.path("uuid").asText(""),
                    d.path("name").asText(""),
                    d.path("fits").asBoolean(false),
                    d.path("headroom_bytes").asLong(0)));
        }
        return out;
    }

    /**
     * @param results per-device judgements
     * @param errors  one line per watch that could not be judged (an unknown model, bad numbers)
     * @param unknown one line per watch the probe could not answer (a GPU probe failed): no
     *                verdict, and no label rather than a wrong one
     */
    public record Outcome(List<WatchedFit> results, List<String> errors, List<String> unknown) {
        public Outcome(List<WatchedFit> results, List<String> errors) {
            this(results, errors, List.of());
        }
    }

    public List<Watch> watches() {
        return watches;
    }

    public Outcome evaluate(DeviceInventory inventory) {
        List<Device> devices = inventory.devices();
        List<WatchedFit> out = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (Watch w : watches) {
            if (devices.isEmpty()) {
                break;
            }
            try {
                out.addAll(
                        verdicts.judge(w, FitRequest.of(w.model(), w.context()).withBudget(budget), inventory));
            } catch (UnknownVerdictException e) {
                unknown.add(w + ": " + e.getMessage());
            } catch (BadInputException e) {
                errors.add(w + ": " + e.getMessage());
            }
        }
        return new Outcome(out, errors, unknown);
    }
}
