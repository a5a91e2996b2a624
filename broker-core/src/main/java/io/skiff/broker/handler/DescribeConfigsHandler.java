package io.skiff.broker.handler;

import io.skiff.broker.BrokerServices;
import io.skiff.broker.admin.TopicDefaults;
import io.skiff.broker.admin.TopicNames;
import io.skiff.broker.config.BrokerConfigs;
import io.skiff.broker.config.ConfigKey;
import io.skiff.broker.network.ApiHandler;
import io.skiff.broker.network.RequestContext;
import io.skiff.replication.zk.ConfigEntityType;
import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.message.DescribeConfigsRequestData;
import io.skiff.wire.message.DescribeConfigsRequestData.DescribeConfigsResource;
import io.skiff.wire.message.DescribeConfigsResponseData;
import io.skiff.wire.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import io.skiff.wire.message.DescribeConfigsResponseData.DescribeConfigsResult;
import io.skiff.wire.protocol.ApiMessage;
import io.skiff.wire.protocol.Errors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * DescribeConfigs for topics and for this broker.
 *
 * <p>A topic's entries are its effective configuration: the broker-wide defaults (Kafka's, or those
 * the broker's {@code log.*} keys imply) with the topic's overrides from ZooKeeper on top, marked
 * DYNAMIC_TOPIC_CONFIG where overridden and DEFAULT_CONFIG otherwise. The broker's entries are every
 * key it defines, STATIC_BROKER_CONFIG where {@code server.properties} or {@code --override} set it;
 * password-typed values are hidden. Synonyms are not reported yet (the lists are empty).
 */
public final class DescribeConfigsHandler implements ApiHandler<DescribeConfigsRequestData> {
    // Kafka's ConfigResource.Type ids and DescribeConfigsResponse.ConfigSource / ConfigType ids.
    static final byte TOPIC = 2;
    static final byte BROKER = 4;
    static final byte DYNAMIC_TOPIC_CONFIG = 1;
    static final byte STATIC_BROKER_CONFIG = 4;
    static final byte DEFAULT_CONFIG = 5;

    private final BrokerServices services;
    private final TopicDefaults defaults;

    public DescribeConfigsHandler(BrokerServices services) {
        this.services = services;
        this.defaults = TopicDefaults.from(services.config());
    }

    @Override
    public ApiMessageType apiType() {
        return ApiMessageType.DESCRIBE_CONFIGS;
    }

    @Override
    public CompletionStage<DescribeConfigsResponseData> handle(RequestContext context, DescribeConfigsRequestData request) {
        List<CompletableFuture<DescribeConfigsResult>> results = new ArrayList<>();
        for (DescribeConfigsResource resource : request.resources()) {
            results.add(describe(resource, request.includeDocumentation()).toCompletableFuture());
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            List<DescribeConfigsResult> list = new ArrayList<>();
            results.forEach(r -> list.add(r.join()));
            return new DescribeConfigsResponseData().setResults(list);
        });
    }

    private CompletionStage<DescribeConfigsResult> describe(DescribeConfigsResource resource, boolean documentation) {
        DescribeConfigsResult result = new DescribeConfigsResult()
                .setResourceType(resource.resourceType())
                .setResourceName(resource.resourceName());
        if (resource.resourceType() == TOPIC) {
            String topic = resource.resourceName();
            Optional<String> invalid = TopicNames.invalidReason(topic);
            if (invalid.isPresent()) {
                return done(result.setErrorCode(Errors.INVALID_TOPIC_EXCEPTION.code()).setErrorMessage(invalid.get()));
            }
            if (!services.cluster().topics().containsKey(topic)) {
                return done(result.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code())
                        .setErrorMessage("Topic " + topic + " does not exist"));
            }
            return services.store().getConfig(ConfigEntityType.TOPICS, topic).handle((overrides, error) -> {
                if (error != null) {
                    return result.setErrorCode(Errors.UNKNOWN_SERVER_ERROR.code())
                            .setErrorMessage("Cannot read the configuration of " + topic);
                }
                return result.setConfigs(topicEntries(overrides, resource.configurationKeys()));
            });
        }
        if (resource.resourceType() == BROKER) {
            String name = resource.resourceName();
            if (!name.isEmpty() && !name.equals(Integer.toString(services.brokerId()))) {
                return done(result.setErrorCode(Errors.INVALID_REQUEST.code())
                        .setErrorMessage("Broker " + services.brokerId() + " cannot describe the configuration of broker " + name));
            }
            return done(result.setConfigs(brokerEntries(resource.configurationKeys(), documentation)));
        }
        return done(result.setErrorCode(Errors.INVALID_REQUEST.code())
                .setErrorMessage("Describing resources of type " + resource.resourceType() + " is not supported"));
    }

    private List<DescribeConfigsResourceResult> topicEntries(Map<String, String> overrides, List<String> keys) {
        Map<String, String> effective = new TreeMap<>(defaults.topicConfigs());
        effective.putAll(overrides);
        List<DescribeConfigsResourceResult> entries = new ArrayList<>();
        effective.forEach((name, value) -> {
            if (keys == null || keys.contains(name)) {
                entries.add(new DescribeConfigsResourceResult()
                        .setName(name)
                        .setValue(value)
                        .setReadOnly(false)
                        .setConfigSource(overrides.containsKey(name) ? DYNAMIC_TOPIC_CONFIG : DEFAULT_CONFIG)
                        .setIsSensitive(false));
            }
        });
        return entries;
    }

    private List<DescribeConfigsResourceResult> brokerEntries(List<String> keys, boolean documentation) {
        List<DescribeConfigsResourceResult> entries = new ArrayList<>();
        for (ConfigKey<?> key : BrokerConfigs.DEF.keys().values()) {
            if (keys != null && !keys.contains(key.name())) {
                continue;
            }
            Object value = services.config().get(key);
            entries.add(new DescribeConfigsResourceResult()
                    .setName(key.name())
                    .setValue(key.isSensitive() || value == null ? null : render(value))
                    .setReadOnly(true)
                    .setConfigSource(services.config().parsed().isSet(key) ? STATIC_BROKER_CONFIG : DEFAULT_CONFIG)
                    .setIsSensitive(key.isSensitive())
                    .setConfigType(configTypeId(key))
                    .setDocumentation(documentation ? key.doc() : null));
        }
        return entries;
    }

    private static String render(Object value) {
        return value instanceof List<?> list ? String.join(",", list.stream().map(String::valueOf).toList()) : String.valueOf(value);
    }

    /** Kafka's DescribeConfigsResponse.ConfigType ids. */
    private static byte configTypeId(ConfigKey<?> key) {
        return switch (key.type()) {
            case BOOLEAN -> 1;
            case STRING -> 2;
            case INT -> 3;
            case SHORT -> 4;
            case LONG -> 5;
            case DOUBLE -> 6;
            case LIST -> 7;
            case PASSWORD -> 9;
        };
    }

    private static CompletionStage<DescribeConfigsResult> done(DescribeConfigsResult result) {
        return CompletableFuture.completedFuture(result);
    }

    @Override
    public ApiMessage errorResponse(RequestContext context, DescribeConfigsRequestData request, Errors error) {
        List<DescribeConfigsResult> results = new ArrayList<>();
        for (DescribeConfigsResource r : request.resources()) {
            results.add(new DescribeConfigsResult().setResourceType(r.resourceType()).setResourceName(r.resourceName())
                    .setErrorCode(error.code()).setErrorMessage(error.message()));
        }
        return new DescribeConfigsResponseData().setResults(results);
    }
}
