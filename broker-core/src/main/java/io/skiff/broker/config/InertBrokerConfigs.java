package io.skiff.broker.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The broker keys Kafka defines that this broker accepts but does not act on (security, quotas, KRaft,
 * tiered storage, share and streams groups, ...), read from {@code inert-broker-configs.tsv}: Kafka's
 * name, type and default of each. DescribeConfigs lists them beside {@link BrokerConfigs}, so that a
 * tool reading a broker's configuration sees every key Kafka would show; startup logs each one set in
 * {@code server.properties} as having no effect. Immutable after class initialisation.
 */
public final class InertBrokerConfigs {
    private static final String RESOURCE = "inert-broker-configs.tsv";
    private static final String NO_DEFAULT = "\\N";

    /** One key: {@code type} is Kafka's {@code ConfigDef.Type} name, {@code defaultValue} rendered, or null. */
    public record Key(String name, String type, String defaultValue) {
        public boolean isSensitive() {
            return type.equals("PASSWORD");
        }
    }

    private static final Map<String, Key> KEYS = load();

    private InertBrokerConfigs() {}

    /** Every inert key by name, in name order. */
    public static Map<String, Key> all() {
        return KEYS;
    }

    private static Map<String, Key> load() {
        Map<String, Key> keys = new TreeMap<>();
        try (InputStream in = InertBrokerConfigs.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split("\t", -1);
                if (fields.length != 3) {
                    throw new IllegalStateException(RESOURCE + ": not name, type, default: " + line);
                }
                String defaultValue = fields[2].equals(NO_DEFAULT) ? null : fields[2];
                keys.put(fields[0], new Key(fields[0], fields[1], defaultValue));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Collections.unmodifiableMap(keys);
    }
}
