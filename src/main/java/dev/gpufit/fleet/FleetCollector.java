package dev.gpufit.fleet;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Reads every source into reports and failures, keeping the order the sources were given in.
 * Files are read in parallel (parsing dominates for thousands of small reports); agents are
 * polled concurrently by the {@link AgentPoller}.
 */
public final class FleetCollector {
    /** With more sources than this, a progress line goes to stderr about once a second. */
    static final int PROGRESS_THRESHOLD = 20;

    private final AgentPoller poller;
    private final String endpoint;
    private final Supplier<InputStream> stdin;
    private final PrintStream progress;

    /** @param progress where progress lines go (stderr), {@code null} for none */
    public FleetCollector(AgentPoller poller, String endpoint, Supplier<InputStream> stdin, PrintStream progress) {
        this.poller = poller;
        this.endpoint = endpoint;
        this.stdin = stdin;
        this.progress = progress;
    }

    public record Collected(List<HostReport> reports, List<SourceFailure> failures) {}

    public Collected collect(SourceExpander.Expanded expanded) {
        List<FleetSource> sources = expanded.sources();
        ReportParser.Outcome[] outcomes = new ReportParser.Outcome[sources.size()];
        Progress p = new Progress(sources.size());
        List<Integer> fileIdx = new ArrayList<>();
        List<Integer> agentIdx = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            FleetSource s = sources.get(i);
            if (s instanceof FleetSource.Agent) {
                agentIdx.add(i);
            } else if (s instanceof FleetSource.File) {
                fileIdx.add(i);
            } else {
                outcomes[i] = ReportFiles.read(stdin.get(), "-");
                p.accept(1);
            }
        }
        fileIdx.parallelStream().forEach(i -> {
            outcomes[i] = ReportFiles.read((FleetSource.File) sources.get(i));
            p.accept(1);
        });
        if (!agentIdx.isEmpty()) {
            List<FleetSource.Agent> agents = agentIdx.stream()
                    .map(i -> (FleetSource.Agent) sources.get(i))
                    .toList();
            List<ReportParser.Outcome> polled = poller.poll(agents, endpoint, p);
            for (int k = 0; k < agentIdx.size(); k++) {
                outcomes[agentIdx.get(k)] = polled.get(k);
            }
        }
        p.finish();
        List<HostReport> reports = new ArrayList<>();
        List<SourceFailure> failures = new ArrayList<>(expanded.failures());
        for (ReportParser.Outcome o : outcomes) {
            reports.addAll(o.reports());
            failures.addAll(o.failures());
        }
        return new Collected(reports, failures);
    }

    /** Counts finished sources; prints at most one line a second, and only when there are many. */
    private final class Progress implements Consumer<Integer> {
        private final int total;
        private int done;
        private long lastPrint = System.nanoTime();
        private boolean printed;

        Progress(int total) {
            this.total = total;
        }

        @Override
        public synchronized void accept(Integer n) {
            done += n;
            long now = System.nanoTime();
            if (progress != null && total > PROGRESS_THRESHOLD && now - lastPrint > 1_000_000_000L) {
                progress.println("gpufit fleet: " + done + "/" + total + " sources read");
                lastPrint = now;
                printed = true;
            }
        }

        synchronized void finish() {
            if (printed) {
                progress.println("gpufit fleet: " + done + "/" + total + " sources read");
            }
        }
    }
}
