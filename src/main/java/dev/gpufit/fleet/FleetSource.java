package dev.gpufit.fleet;

import java.net.URI;
import java.nio.file.Path;

/** One place reports come from: a file, standard input, or an agent URL. */
public sealed interface FleetSource {
    /** As the user wrote it, for messages. */
    String label();

    record File(Path path, String label) implements FleetSource {}

    record Stdin() implements FleetSource {
        @Override
        public String label() {
            return "-";
        }
    }

    record Agent(URI uri) implements FleetSource {
        @Override
        public String label() {
            return uri.toString();
        }

        /** The host name to use when the report carries none: the URL's host. */
        public String hostFallback() {
            return uri.getHost() == null ? uri.toString() : uri.getHost();
        }
    }
}
