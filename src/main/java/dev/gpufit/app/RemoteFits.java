package dev.gpufit.app;

import dev.gpufit.BadInputException;
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
import dev.gpufit.model.readers.ModelReaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fit answers to questions from the network (the agent, {@code --watch}, {@code nfd}), built from
 * the same parts as {@code gpufit fit}: the same workload validation, device selection, estimator
 * and judge. Only the model lookup differs: catalog ids and HF repo ids (from the catalog or the
 * local HF cache), never a path, because the question comes from the network. Errors name the
 * fields in the asking surface's words.
 */
public final class RemoteFits {
    private final ModelCatalog catalog;
    private final ResolvedModels models;
    private final DeviceCatalog devices;
    private final FieldNames names;

    public RemoteFits(ModelCatalog catalog, DeviceCatalog devices, Optional<HfCache> hfCache, FieldNames names) {
        this.catalog = catalog;
        this.names = names;
        // No ConfigJsonReader / ModelDirectoryReader: nothing a caller sends may name a file. The
        // HF cache reader only opens snapshots of a validated repo id inside the cache.
        List<ModelReader> readers = new ArrayList<>();
        readers.add(new CatalogIdReader(catalog));
        hfCache.ifPresent(cache -> readers.add(new QuietReader(new HfCacheReader(cache, null))));
        readers.add(new HfAliasReader(catalog));
        this.models = new ResolvedModels(new ModelResolver(catalog, readers)::resolve, hfCache);
        this.devices = devices;
    }

    /** With the user's model catalog ($GPUFIT_MODELS or ~/.config/gpufit/models.yaml) and HF cache. */
    public static RemoteFits fromEnvironment(Map<String, String> env, FieldNames names) {
        ModelCatalog catalog =
                ModelReaders.resolver(env, System.getProperty("user.home")).catalog();
        return new RemoteFits(catalog, DeviceCatalog.load(), HfCache.fromEnv(env), names);
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

    /** One request made concrete: the question and the selector it was asked with. */
    private record Asked(FitQuestion question, String selector, Budget budget) {}

    private Asked ask(FitRequest q, DeviceInventory probed) {
        ModelSpec spec = resolve(q.model());
        FitService service = new FitService(probed::devices, devices, EstimateFunction.standard());
        String selector = q.device() == null ? "all" : q.device();
        DeviceSelection selection = ProbeGate.select(selector, service, () -> probed, names);
        if (selection.devices().isEmpty()) {
            throw new BadInputException("no device found to judge; use "
                    + names.setting(Field.DEVICE, DeviceCatalog.PREFIX + "NAME[:COUNT]") + " to plan");
        }
        WorkloadRequest asked = q.workload() == null ? WorkloadRequest.defaults() : q.workload();
        Workload w = asked.toWorkload(FitQuestion.defaultPlatform(selection), names);
        ProbeGate.checkEngine(selector, selection, w, names);
        Budget budget = q.budget() == null ? Budget.FREE : q.budget();
        return new Asked(FitQuestion.of(spec, service, selection, w, names), selector, budget);
    }

    /** The verdict per device, and what the surface shows beside it. */
    public FitAnswer fit(FitRequest q, DeviceInventory probed) {
        Asked a = ask(q, probed);
        FitQuestion x = a.question();
        FitResult r = x.service().fit(x.model(), x.workload(), x.selection(), a.budget());
        // like the CLI: probe warnings only when the devices here were looked at
        boolean here = !DeviceSelector.catalogOnly(a.selector());
        return new FitAnswer(x.model(), r, here ? probed.warnings() : List.of(), here ? probed.host() : null);
    }

    /** The devices judged as {@code fit} judges them, without the answer around them (advice, notes). */
    public List<DeviceFit> verdicts(FitRequest q, DeviceInventory probed) {
        Asked a = ask(q, probed);
        FitQuestion x = a.question();
        return new FitJudge(EstimateFunction.standard())
                .judgeDevices(x.model(), x.workload(), x.selection().devices(), a.budget());
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
}
