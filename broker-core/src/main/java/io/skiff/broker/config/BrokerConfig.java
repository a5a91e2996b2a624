package io.skiff.broker.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The broker's validated, immutable configuration: {@link BrokerConfigs} parsed from
 * {@code server.properties} plus {@code --override}s, with the values Kafka derives from several keys
 * (retention in ms/minutes/hours, log.dirs/log.dir, listeners/advertised.listeners) resolved once here.
 * Construction fails with a {@link ConfigException} naming the key at fault; nothing reads
 * configuration from anywhere else (no system properties, no statics).
 */
public final class BrokerConfig {
    private static final Pattern LISTENER = Pattern.compile("^([A-Za-z0-9_]+)://(\\[[0-9a-fA-F:.]+\\]|[^:/\\[\\]]*):(-?[0-9]+)$");
    private static final Set<String> SUPPORTED_PROTOCOLS = Set.of("PLAINTEXT");

    private final ParsedConfig parsed;
    private final int brokerId;
    private final List<Path> logDirs;
    private final Map<String, String> securityProtocols;
    private final List<Endpoint> listeners;
    private final List<Endpoint> advertisedListeners;

    public BrokerConfig(Map<String, String> properties) {
        this.parsed = BrokerConfigs.DEF.parse(properties);
        this.brokerId = resolveBrokerId();
        this.logDirs = resolveLogDirs();
        this.securityProtocols = parseProtocolMap(parsed.get(BrokerConfigs.LISTENER_SECURITY_PROTOCOL_MAP));
        this.listeners = parseListeners(BrokerConfigs.LISTENERS.name(), parsed.get(BrokerConfigs.LISTENERS));
        List<String> advertised = parsed.get(BrokerConfigs.ADVERTISED_LISTENERS);
        this.advertisedListeners = advertised == null
                ? listeners
                : parseListeners(BrokerConfigs.ADVERTISED_LISTENERS.name(), advertised);
        validateCrossKeyConstraints();
    }

    /**
     * Reads a {@code server.properties} file (Java properties syntax, as Kafka) and applies
     * {@code overrides} on top, as {@code kafka-server-start.sh --override key=value} does.
     */
    public static BrokerConfig load(Optional<Path> file, Map<String, String> overrides) throws IOException {
        Map<String, String> props = new LinkedHashMap<>();
        if (file.isPresent()) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file.get(), StandardCharsets.UTF_8)) {
                p.load(r);
            }
            for (String name : p.stringPropertyNames()) {
                props.put(name, p.getProperty(name));
            }
        }
        props.putAll(overrides);
        return new BrokerConfig(props);
    }

    public <T> T get(ConfigKey<T> key) {
        return parsed.get(key);
    }

    public ParsedConfig parsed() {
        return parsed;
    }

    /** The configured broker id, or -1 when it is to be taken from meta.properties or generated. */
    public int brokerId() {
        return brokerId;
    }

    public List<Path> logDirs() {
        return logDirs;
    }

    public Optional<String> zookeeperConnect() {
        return Optional.ofNullable(parsed.get(BrokerConfigs.ZOOKEEPER_CONNECT));
    }

    public int zookeeperConnectionTimeoutMs() {
        Integer t = parsed.get(BrokerConfigs.ZOOKEEPER_CONNECTION_TIMEOUT_MS);
        return t != null ? t : parsed.get(BrokerConfigs.ZOOKEEPER_SESSION_TIMEOUT_MS);
    }

    public List<Endpoint> listeners() {
        return listeners;
    }

    public List<Endpoint> advertisedListeners() {
        return advertisedListeners;
    }

    /** log.retention.ms, else minutes, else hours, in ms; -1 (any negative) means keep forever. */
    public long logRetentionMs() {
        Long ms = parsed.get(BrokerConfigs.LOG_RETENTION_MS);
        if (ms != null) {
            return ms < 0 ? -1 : ms;
        }
        Integer minutes = parsed.get(BrokerConfigs.LOG_RETENTION_MINUTES);
        long value = minutes != null
                ? TimeUnit.MINUTES.toMillis(minutes)
                : TimeUnit.HOURS.toMillis(parsed.get(BrokerConfigs.LOG_RETENTION_HOURS));
        return value < 0 ? -1 : value;
    }

    /** log.roll.ms, else log.roll.hours, in ms. */
    public long logRollMs() {
        Long ms = parsed.get(BrokerConfigs.LOG_ROLL_MS);
        return ms != null ? ms : TimeUnit.HOURS.toMillis(parsed.get(BrokerConfigs.LOG_ROLL_HOURS));
    }

    /** log.roll.jitter.ms, else log.roll.jitter.hours, in ms. */
    public long logRollJitterMs() {
        Long ms = parsed.get(BrokerConfigs.LOG_ROLL_JITTER_MS);
        return ms != null ? ms : TimeUnit.HOURS.toMillis(parsed.get(BrokerConfigs.LOG_ROLL_JITTER_HOURS));
    }

    /** log.flush.interval.ms, else log.flush.scheduler.interval.ms. */
    public long logFlushIntervalMs() {
        Long ms = parsed.get(BrokerConfigs.LOG_FLUSH_INTERVAL_MS);
        return ms != null ? ms : parsed.get(BrokerConfigs.LOG_FLUSH_SCHEDULER_INTERVAL_MS);
    }

    /** Keys that no definition knows; logged as ignored at startup. */
    public List<String> unknownKeys() {
        return parsed.unknownKeys();
    }

    private int resolveBrokerId() {
        int brokerIdValue = parsed.get(BrokerConfigs.BROKER_ID);
        Integer nodeId = parsed.get(BrokerConfigs.NODE_ID);
        if (brokerIdValue >= 0 && nodeId != null && brokerIdValue != nodeId) {
            throw new ConfigException(BrokerConfigs.NODE_ID.name(), nodeId, "must equal broker.id (" + brokerIdValue + ") when both are set");
        }
        int id = brokerIdValue >= 0 || nodeId == null ? brokerIdValue : nodeId;
        int reserved = parsed.get(BrokerConfigs.RESERVED_BROKER_MAX_ID);
        if (id > reserved && parsed.get(BrokerConfigs.BROKER_ID_GENERATION_ENABLE)) {
            throw new ConfigException(BrokerConfigs.BROKER_ID.name(), id,
                    "must not exceed reserved.broker.max.id (" + reserved + ") while broker.id.generation.enable is true");
        }
        return id;
    }

    private List<Path> resolveLogDirs() {
        List<String> dirs = parsed.get(BrokerConfigs.LOG_DIRS);
        String key = dirs != null ? BrokerConfigs.LOG_DIRS.name() : BrokerConfigs.LOG_DIR.name();
        List<String> value = dirs != null ? dirs : parsed.get(BrokerConfigs.LOG_DIR);
        List<Path> result = value.stream().map(Path::of).toList();
        if (result.isEmpty()) {
            throw new ConfigException(key, value, "at least one directory is required");
        }
        if (new HashSet<>(result.stream().map(p -> p.toAbsolutePath().normalize()).toList()).size() != result.size()) {
            throw new ConfigException(key, value, "a directory is listed twice");
        }
        return result;
    }

    private static Map<String, String> parseProtocolMap(String value) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String pair : value.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            String[] parts = pair.trim().split(":");
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new ConfigException(BrokerConfigs.LISTENER_SECURITY_PROTOCOL_MAP.name(), value,
                        "entries must be LISTENER_NAME:SECURITY_PROTOCOL");
            }
            map.put(parts[0].trim().toUpperCase(Locale.ROOT), parts[1].trim().toUpperCase(Locale.ROOT));
        }
        return Map.copyOf(map);
    }

    private List<Endpoint> parseListeners(String key, List<String> uris) {
        if (uris.isEmpty()) {
            throw new ConfigException(key, "", "at least one listener is required");
        }
        List<Endpoint> result = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String uri : uris) {
            Matcher m = LISTENER.matcher(uri.trim());
            if (!m.matches()) {
                throw new ConfigException(key, uri, "expected NAME://host:port");
            }
            String name = m.group(1).toUpperCase(Locale.ROOT);
            int port = Integer.parseInt(m.group(3));
            if (port < 0 || port > 65535) {
                throw new ConfigException(key, uri, "port must be between 0 and 65535");
            }
            String protocol = securityProtocols.get(name);
            if (protocol == null) {
                throw new ConfigException(key, uri, "listener name " + name + " is not in listener.security.protocol.map");
            }
            if (!SUPPORTED_PROTOCOLS.contains(protocol)) {
                throw new ConfigException(key, uri, "security protocol " + protocol + " is not supported yet (only PLAINTEXT)");
            }
            if (!names.add(name)) {
                throw new ConfigException(key, uri, "listener name " + name + " appears twice");
            }
            String host = m.group(2);
            if (host.startsWith("[")) {
                host = host.substring(1, host.length() - 1);
            }
            result.add(new Endpoint(name, protocol, host, port));
        }
        return List.copyOf(result);
    }

    private void validateCrossKeyConstraints() {
        int min = parsed.get(BrokerConfigs.GROUP_MIN_SESSION_TIMEOUT_MS);
        int max = parsed.get(BrokerConfigs.GROUP_MAX_SESSION_TIMEOUT_MS);
        if (min > max) {
            throw new ConfigException(BrokerConfigs.GROUP_MIN_SESSION_TIMEOUT_MS.name(), min,
                    "must not exceed group.max.session.timeout.ms (" + max + ")");
        }
        if (parsed.get(BrokerConfigs.ADVERTISED_LISTENERS) == null) {
            return;
        }
        for (Endpoint advertised : advertisedListeners) {
            if (listeners.stream().noneMatch(l -> l.listenerName().equals(advertised.listenerName()))) {
                throw new ConfigException(BrokerConfigs.ADVERTISED_LISTENERS.name(), advertised,
                        "listener name " + advertised.listenerName() + " is not among listeners");
            }
            if (advertised.port() == 0) {
                throw new ConfigException(BrokerConfigs.ADVERTISED_LISTENERS.name(), advertised, "an advertised port cannot be 0");
            }
        }
    }
}
