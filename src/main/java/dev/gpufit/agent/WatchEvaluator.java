package dev.gpufit.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gpufit.BadInputException;
import dev.gpufit.device.Device;
import dev.gpufit.device.DeviceInventory;
import java.util.ArrayList;
import java.util.List;

/** Judges every watched model against one set of devices; one broken watch does not hide the others. */
public final class WatchEvaluator {
    private final FitResponder fits;
    private final List<Watch> watches;
    private final String budget;

    public WatchEvaluator(FitResponder fits, List<Watch> watches, String budget) {
        this.fits = fits;
        this.watches = List.copyOf(watches);
        this.budget = budget;
    }

    /** @param results per-device judgements; @param errors one line per watch that could not be judged */
    public record Outcome(List<WatchedFit> results, List<String> errors) {}

    public List<Watch> watches() {
        return watches;
    }

    public Outcome evaluate(DeviceInventory inventory) {
        List<Device> devices = inventory.devices();
        List<WatchedFit> out = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (Watch w : watches) {
            if (devices.isEmpty()) {
                break;
            }
            try {
                ObjectNode json = fits.fit(FitRequest.of(w).withBudget(budget), inventory);
                for (JsonNode d : json.path("devices")) {
                    out.add(new WatchedFit(w, d.path("index").asText(""), d.path("uuid").asText(""),
                            d.path("name").asText(""), d.path("fits").asBoolean(false),
                            d.path("headroom_bytes").asLong(0)));
                }
            } catch (BadInputException e) {
                errors.add(w + ": " + e.getMessage());
            }
        }
        return new Outcome(out, errors);
    }
}
