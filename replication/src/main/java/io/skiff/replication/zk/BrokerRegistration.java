package io.skiff.replication.zk;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a live broker publishes in its ephemeral {@code /brokers/ids/<id>} znode (Kafka's version-5 registration).
 *
 * @param features supported feature name to [min, max] version range; empty when the broker advertises none
 * @param timestamp registration time in milliseconds, written as a string as Kafka does
 */
public record BrokerRegistration(
        int brokerId,
        List<EndPoint> endpoints,
        Optional<String> rack,
        int jmxPort,
        long timestamp,
        Map<String, VersionRange> features) {

    public BrokerRegistration {
        endpoints = List.copyOf(endpoints);
        Objects.requireNonNull(rack, "rack");
        features = Map.copyOf(features);
    }

    /** An inclusive supported version range of one feature. */
    public record VersionRange(short minVersion, short maxVersion) {}

    public BrokerRegistration withTimestamp(long newTimestamp) {
        return new BrokerRegistration(brokerId, endpoints, rack, jmxPort, newTimestamp, features);
    }

    /** The first PLAINTEXT endpoint, which Kafka copies into the legacy top-level host and port fields. */
    public Optional<EndPoint> plaintextEndpoint() {
        return endpoints.stream().filter(e -> e.securityProtocol().equals("PLAINTEXT")).findFirst();
    }
}
