package dev.gpufit;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * An SLF4J logger that starts SLF4J and logback only when a line is to be written. Starting
 * logback (service lookup, XML configuration) costs tens of milliseconds, more than the rest of
 * a {@code gpufit fit}; almost every run logs nothing, because the default level is WARN and
 * gpufit logs at DEBUG. Use instead of {@code LoggerFactory.getLogger(X.class)}:
 * {@code private static final Logger LOG = LazyLogger.get(X.class);}
 *
 * <p>The threshold is the one {@code logback.xml} applies, {@code GPUFIT_LOG_LEVEL} (system
 * property, else environment variable; default WARN). Calls at or above it go to the real
 * logger, which decides again; with {@code -Dlogback.configurationFile} or an unknown level
 * every call goes to the real logger.
 */
public final class LazyLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;
    private static final int THRESHOLD = threshold(
            System.getProperty("GPUFIT_LOG_LEVEL", System.getenv("GPUFIT_LOG_LEVEL")),
            System.getProperty("logback.configurationFile") != null);
    private static final int OFF = Integer.MAX_VALUE;

    private transient volatile Logger delegate;

    private LazyLogger(String name) {
        this.name = name;
    }

    /**
     * The logger for {@code owner}. When the level lets DEBUG through, SLF4J starts here, on the
     * calling thread (class initialisation, normally the main thread), as a plain
     * {@code LoggerFactory.getLogger} would: started from several probe threads at once it replays
     * their calls and prints a warning about it.
     */
    public static Logger get(Class<?> owner) {
        LazyLogger logger = new LazyLogger(owner.getName());
        if (may(Level.DEBUG)) {
            logger.delegate();
        }
        return logger;
    }

    /** Lowest level that may be written; {@link Level#TRACE}'s int when the real logger must decide. */
    static int threshold(String level, boolean customConfiguration) {
        if (customConfiguration) {
            return Level.TRACE.toInt();
        }
        String v = level == null || level.isBlank() ? "WARN" : level.strip().toUpperCase(Locale.ROOT);
        return switch (v) {
            case "OFF" -> OFF;
            case "ERROR" -> Level.ERROR.toInt();
            case "WARN" -> Level.WARN.toInt();
            case "INFO" -> Level.INFO.toInt();
            case "DEBUG" -> Level.DEBUG.toInt();
            default -> Level.TRACE.toInt(); // TRACE, ALL or unknown: let logback decide
        };
    }

    private static boolean may(Level level) {
        return level.toInt() >= THRESHOLD;
    }

    private Logger delegate() {
        Logger d = delegate;
        if (d == null) {
            // one thread at a time (see get)
            synchronized (LazyLogger.class) {
                d = delegate;
                if (d == null) {
                    d = LoggerFactory.getLogger(name);
                    delegate = d;
                }
            }
        }
        return d;
    }

    @Override
    public boolean isTraceEnabled() {
        return may(Level.TRACE) && delegate().isTraceEnabled();
    }

    @Override
    public boolean isDebugEnabled() {
        return may(Level.DEBUG) && delegate().isDebugEnabled();
    }

    @Override
    public boolean isInfoEnabled() {
        return may(Level.INFO) && delegate().isInfoEnabled();
    }

    @Override
    public boolean isWarnEnabled() {
        return may(Level.WARN) && delegate().isWarnEnabled();
    }

    @Override
    public boolean isErrorEnabled() {
        return may(Level.ERROR) && delegate().isErrorEnabled();
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args, Throwable t) {
        String msg = args == null || args.length == 0 ? pattern : MessageFormatter.basicArrayFormat(pattern, args);
        Logger d = delegate();
        switch (level) {
            case ERROR -> d.error(marker, msg, t);
            case WARN -> d.warn(marker, msg, t);
            case INFO -> d.info(marker, msg, t);
            case DEBUG -> d.debug(marker, msg, t);
            default -> d.trace(marker, msg, t);
        }
    }
}
