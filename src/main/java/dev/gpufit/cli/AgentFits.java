package dev.gpufit.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gpufit.BadInputException;
import dev.gpufit.agent.FitRequest;
import dev.gpufit.agent.FitResponder;
import dev.gpufit.device.DeviceInventory;
import dev.gpufit.device.catalog.DeviceCatalog;
import dev.gpufit.estimate.Workload;
import dev.gpufit.fit.Budget;
import dev.gpufit.fit.DeviceSelection;
import dev.gpufit.fit.DeviceSelector;
import dev.gpufit.fit.EstimateFunction;
import dev.gpufit.fit.FitResult;
import dev.gpufit.fit.FitService;
import dev.gpufit.model.CatalogIdReader;
import dev.gpufit.model.HfAliasReader;
import dev.gpufit.model.ModelCatalog;
import dev.gpufit.model.ModelResolver;
import dev.gpufit.model.ModelSpec;
import dev.gpufit.report.FitJson;
import java.util.List;

/**
 * The agent's fit answers, built from the same parts as {@code gpufit fit}: the workload options
 * object itself (same defaults and validation), the same device selection, estimator, judge and
 * JSON. Only the model lookup differs: catalog ids and HF repo ids, never a path, because the
 * question comes from the network.
 */
final class AgentFits implements FitResponder {
    private final ModelCatalog catalog;
    private final ModelResolver resolver;
    private final DeviceCatalog devices;

    AgentFits(ModelCatalog catalog, DeviceCatalog devices) {
        this.catalog = catalog;
        // no ConfigJsonReader / ModelDirectoryReader: nothing a caller sends may open a file
        this.resolver = new ModelResolver(catalog, List.of(new CatalogIdReader(catalog), new HfAliasReader(catalog)));
        this.devices = devices;
    }

    @Override
    public ObjectNode fit(FitRequest q, DeviceInventory probed) {
        ModelSpec spec = resolve(q.model());
        FitService service = new FitService(probed::devices, devices, EstimateFunction.standard());
        String selector = q.device() == null ? "all" : q.device();
        DeviceSelection selection = service.select(selector);
        if (selection.devices().isEmpty()) {
            throw new BadInputException("no device found to judge; use device=catalog:NAME[:COUNT] to plan");
        }
        Workload w = workload(q).toWorkload(FitCommand.defaultPlatform(selection));
        Budget budget = "total".equals(q.budget()) ? Budget.TOTAL : Budget.FREE;
        FitResult r = service.fit(spec, w, selection, budget);
        // like the CLI: probe warnings only when the devices here were looked at
        List<String> warnings = DeviceSelector.catalogOnly(selector) ? List.of() : probed.warnings();
        return FitJson.toNode(spec, r, warnings);
    }

    private ModelSpec resolve(String ref) {
        try {
            return resolver.resolve(ref);
        } catch (BadInputException e) {
            // the resolver's own message may say whether a path exists; this one cannot
            if (catalog.byId(ref).isEmpty() && catalog.byHfRepoId(ref).isEmpty()) {
                throw new BadInputException("unknown model '" + ref + "'; closest catalog ids: "
                        + String.join(", ", catalog.closestIds(ref, 3)));
            }
            throw e;
        }
    }

    /** The CLI's own options object, filled from the request: identical defaults and checks. */
    private static WorkloadOptions workload(FitRequest q) {
        WorkloadOptions o = new WorkloadOptions();
        if (q.batch() != null) {
            o.batch = q.batch();
        }
        o.context = q.context();
        o.dtype = q.dtype();
        o.kvDtype = q.kvDtype();
        if (q.engine() != null) {
            o.engine = q.engine();
        }
        if (q.tp() != null) {
            o.tensorParallel = q.tp();
        }
        return o;
    }
}
