package dev.gpufit.agent;

import dev.gpufit.app.FitAnswer;
import dev.gpufit.app.RemoteFits;
import dev.gpufit.device.Device;
import dev.gpufit.fit.DeviceFit;
import dev.gpufit.report.FitJson;
import dev.gpufit.report.Surface;
import java.util.ArrayList;
import java.util.List;

/** The application's fit answers in the agent's forms: the fit JSON, and the watches' verdict rows. */
public final class RemoteAnswers {
    private RemoteAnswers() {}

    /** {@code /v1/fit}: exactly the JSON {@code gpufit fit --format json} prints. */
    public static FitResponder responder(RemoteFits fits) {
        return (q, probed) -> {
            FitAnswer a = fits.fit(q, probed);
            return FitJson.toNode(a.model(), a.result(), a.warnings(), a.host(), Surface.HTTP);
        };
    }

    /** The watches' verdicts: the same question, each device judged, without the fit answer around them. */
    public static WatchEvaluator.Verdicts verdicts(RemoteFits fits) {
        return (watch, q, probed) -> {
            List<WatchedFit> out = new ArrayList<>();
            for (DeviceFit f : fits.verdicts(q, probed)) {
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
}
