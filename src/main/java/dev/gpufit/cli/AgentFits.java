package dev.gpufit.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gpufit.BadInputException;
import dev.gpufit.agent.FitRequest;
import dev.gpufit.agent.FitResponder;
import dev.gpufit.agent.WatchEvaluator;
import dev.gpufit.agent.WatchedFit;
import dev.gpufit.device.Device;
import dev.gpufit.device.DeviceInventory;
import dev.gpufit.device.catalog.DeviceCatalog;
import dev.gpufit.estimate.Workload;
import dev.gpufit.fit.Budget;
import dev.gpufit.fit.DeviceFit;
import dev.gpufit.fit.DeviceSelection;
import dev.gpufit.fit.DeviceSelector;
import dev.gpufit.fit.EstimateFunction;
import dev.gpufit.fit.FitJudge;
import dev.gpufit.fit.FitResult;
import dev.gpufit.fit.FitService;
import dev.gpufit.model.CatalogIdReader;
import dev.gpufit.model.HfAliasReader;
import dev.gpufit.model.ModelCatalog;
import dev.gpufit.model.ModelReader;
import dev.gpufit.model.ModelResolver;
import dev.gpufit.model.ModelSpec;
import dev.gpufit.model.hf.HfCache;
import dev.gpufit.model.hf.HfCacheReader;
import dev.gpufit.report.FitJson;
import dev.gpufit.report.Surface;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The agent's fit answers, built from the same parts as {@code gpufit fit}: the workload options
 * object itself (same defaults and validation), the same device selection, estimator, judge and
 * JSON. Only the model lookup differs: catalog ids and HF repo ids (from the catalog or the
 * local HF cache), never a path, because the question comes from the network.
 */
final class AgentFits implements FitResponder {
    private final ModelCatalog catalog;
    private final ResolvedModels models;
    private final DeviceCatalog devices;

    AgentFits(ModelCatalog catalog, DeviceCatalog devices, Optional<HfCache> hfCache) {
        this.catalog = catalog;
        // No ConfigJsonReader / ModelDirectoryReader: nothing a caller sends may name a file. The
        // HF cache reader only opens snapshots of a validated repo id inside the cache.
        List<ModelReader> readers = new ArrayList<>();
        readers.add(new CatalogIdReader(catalog));
        hfCache.ifPresent(cache -> readers.add(new QuietReader(new HfCacheReader(cache, null))));
        readers.add(new HfAliasReader(catalog));
        this.models = new ResolvedModels(new ModelResolver(catalog, readers)::resolve, hfCache);
        this.devices = devices;
    }

    /** Keeps the cache's own errors (which name paths on this host) out of network answers. */
    private record QuietReader(ModelReader inner) implements ModelReader {
        @Override
        public boolean accepts(String ref) {
            return inner.accepts(ref);
        }

        @Override
        public ModelSpec read(String ref) {
            try {
                return inner.read(ref);
            } catch (BadInputException e) {
                throw new BadInputException("model '" + ref + "' is in this host's HF cache but could not be read");
            }
        }
    }

    /** One request made concrete: the model, the selected devices, the workload and the budget. */
    private record Question(
            ModelSpec spec,
            FitService service,
            String selector,
            DeviceSelection selection,
            Workload workload,
            Budget budget) {}

    private Question question(FitRequest q, DeviceInventory probed) {
        ModelSpec spec = resolve(q.model());
        FitService service = new FitService(probed::devices, devices, EstimateFunction.standard());
        String selector = q.device() == null ? "all" : q.device();
        DeviceSelection selection = service.select(selector);
        if (selection.devices().isEmpty()) {
            throw new BadInputException("no device found to judge; use device=catalog:NAME[:COUNT] to plan");
        }
        Workload w = workload(q).toWorkload(FitQuestion.defaultPlatform(selection));
        Budget budget = "total".equals(q.budget()) ? Budget.TOTAL : Budget.FREE;
        return new Question(spec, service, selector, selection, w, budget);
    }

    @Override
    public ObjectNode fit(FitRequest q, DeviceInventory probed) {
        Question x = question(q, probed);
        FitResult r = x.service().fit(x.spec(), x.workload(), x.selection(), x.budget());
        // like the CLI: probe warnings only when the devices here were looked at
        boolean here = !DeviceSelector.catalogOnly(x.selector());
        return FitJson.toNode(
                x.spec(), r, here ? probed.warnings() : List.of(), here ? probed.host() : null, Surface.HTTP);
    }

    /** The watches' verdicts: the same question, each device judged, without the fit answer around them. */
    WatchEvaluator.Verdicts watchVerdicts() {
        return (watch, q, probed) -> {
            Question x = question(q, probed);
            List<WatchedFit> out = new ArrayList<>();
            for (DeviceFit f : new FitJudge(EstimateFunction.standard())
                    .judgeDevices(x.spec(), x.workload(), x.selection().devices(), x.budget())) {
                Device d = f.device();
                out.add(new WatchedFit(
                        watch,
                        Integer.toString(d.index()),
                        d.uuid() == null ? "" : d.uuid(),
                        d.name() == null ? "" : d.name(),
                        f.verdict().fits(),
                        f.headroomBytes()));
            }
            return out;
        };
    }

    private ModelSpec resolve(String ref) {
        try {
            return models.resolve(ref);
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
