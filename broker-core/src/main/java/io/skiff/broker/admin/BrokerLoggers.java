package io.skiff.broker.admin;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.skiff.wire.protocol.Errors;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * The broker's log levels as the {@code broker-loggers} config resource (KIP-412): DescribeConfigs lists
 * every logger with its effective level, IncrementalAlterConfigs sets or unsets one, with Kafka's checks
 * and messages ({@code RuntimeLoggerManager}). Levels live in the logging framework (Logback), not in
 * ZooKeeper: like Kafka's, they last until the broker restarts. Thread-safe (Logback's levels are).
 */
public final class BrokerLoggers {
    /** Kafka's name for the root logger. */
    public static final String ROOT = "root";
    /** Kafka's {@code LogLevelConfig.VALID_LOG_LEVELS}; FATAL is Logback's ERROR. */
    private static final Set<String> VALID_LEVELS = Set.of("DEBUG", "ERROR", "FATAL", "INFO", "TRACE", "WARN");
    private static final String VALID_LEVELS_TEXT = "DEBUG, ERROR, FATAL, INFO, TRACE, WARN";
    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(BrokerLoggers.class);

    private BrokerLoggers() {}

    /** Every logger the broker has, by name ({@code root} for the root logger), with its effective level. */
    public static Map<String, String> levels() {
        Map<String, String> levels = new TreeMap<>();
        for (Logger logger : context().getLoggerList()) {
            String name = logger.getName().equals(org.slf4j.Logger.ROOT_LOGGER_NAME) ? ROOT : logger.getName();
            levels.put(name, logger.getEffectiveLevel().toString());
        }
        return levels;
    }

    /** Checks a SET before any change is made. */
    public static void validateSet(String name, String level) {
        requireExists(name);
        if (level == null || !VALID_LEVELS.contains(level)) {
            throw Errors.INVALID_CONFIG.exception("Cannot set the log level of " + name + " to " + level
                    + " as it is not a supported log level. Valid log levels are " + VALID_LEVELS_TEXT);
        }
    }

    /** Checks a DELETE (unset) before any change is made. */
    public static void validateUnset(String name) {
        requireExists(name);
        if (name.equals(ROOT)) {
            throw Errors.INVALID_REQUEST.exception("Removing the log level of the root logger is not allowed");
        }
    }

    public static void set(String name, String level) {
        logger(name).setLevel(level.equals("FATAL") ? Level.ERROR : Level.toLevel(level));
        LOG.warn("Updated the log level of {} to {}", name, level);
    }

    /** The logger inherits its parent's level again. */
    public static void unset(String name) {
        logger(name).setLevel(null);
        LOG.warn("Unset the log level of {}", name);
    }

    private static void requireExists(String name) {
        if (!name.equals(ROOT) && context().exists(name) == null) {
            throw Errors.INVALID_CONFIG.exception("Logger " + name + " does not exist!");
        }
    }

    private static Logger logger(String name) {
        return context().getLogger(name.equals(ROOT) ? org.slf4j.Logger.ROOT_LOGGER_NAME : name);
    }

    private static LoggerContext context() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (factory instanceof LoggerContext context) {
            return context;
        }
        throw Errors.INVALID_REQUEST.exception("Log levels cannot be changed: the logging backend is "
                + factory.getClass().getName() + ", not Logback");
    }
}
