package io.skiff.broker.handler;

import io.skiff.broker.BrokerServices;
import io.skiff.broker.admin.BrokerLoggers;
import io.skiff.broker.admin.ConfigDescriber;
import io.skiff.broker.admin.TopicConfigs;
import io.skiff.broker.admin.TopicNames;
import io.skiff.broker.network.ApiHandler;
import io.skiff.broker.network.RequestContext;
import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.message.DescribeConfigsRequestData;
import io.skiff.wire.message.DescribeConfigsRequestData.DescribeConfigsResource;
import io.skiff.wire.message.DescribeConfigsResponseData;
import io.skiff.wire.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import io.skiff.wire.message.DescribeConfigsResponseData.DescribeConfigsResult;
import io.skiff.wire.protocol.ApiException;
import io.skiff.wire.protocol.ApiMessage;
import io.skiff.wire.protocol.Errors;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * DescribeConfigs for topics, this broker, the cluster-wide broker default and this broker's loggers
 * (KIP-412, {@link BrokerLoggers}), entry by entry as
 * Kafka's {@code ConfigHelper} answers (values, sources, synonyms, types, read-only and sensitive
 * flags, documentation when asked; see {@link ConfigDescriber}). Topic overrides come from the
 * {@link TopicConfigs} cache, filled from ZooKeeper off the event loop. Stateless.
 */
public final class DescribeConfigsHandler implements ApiHandler<DescribeConfigsRequestData> {
    // Kafka's ConfigResource.Type ids.
    static final byte TOPIC = 2;
    static final byte BROKER = 4;
    static final byte BROKER_LOGGER = 8;
    static final byte DYNAMIC_BROKER_LOGGER_CONFIG = 6;

    private final BrokerServices services;
    private final ConfigDescriber describer;

    public DescribeConfigsHandler(BrokerServices services) {
        this.services = services;
        this.describer = new ConfigDescriber(services.topicConfigs());
    }

    @Override
    public ApiMessageType apiType() {
        return ApiMessageType.DESCRIBE_CONFIGS;
    }

    @Override
    public CompletionStage<DescribeConfigsResponseData> handle(RequestContext context, DescribeConfigsRequestData request) {
        // Topic overrides may need a ZooKeeper read: never on the event loop.
        return CompletableFuture.supplyAsync(() -> {
            List<DescribeConfigsResult> results = new ArrayList<>();
            for (DescribeConfigsResource resource : request.resources()) {
                results.add(describe(resource, request.includeSynonyms(), request.includeDocumentation()));
            }
            return new DescribeConfigsResponseData().setResults(results);
        }, services.ioPool());
    }

    private DescribeConfigsResult describe(DescribeConfigsResource resource, boolean synonyms, boolean documentation) {
        DescribeConfigsResult result = new DescribeConfigsResult()
                .setResourceType(resource.resourceType())
                .setResourceName(resource.resourceName());
        try {
            if (resource.resourceType() == TOPIC) {
                String topic = resource.resourceName();
                Optional<String> invalid = TopicNames.invalidReason(topic);
                if (invalid.isPresent()) {
                    throw Errors.INVALID_TOPIC_EXCEPTION.exception(invalid.get());
                }
                if (!services.cluster().topics().containsKey(topic)) {
                    return result.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
                }
                return result.setConfigs(describer.topic(topic, resource.configurationKeys(), synonyms, documentation));
            }
            if (resource.resourceType() == BROKER) {
                String name = resource.resourceName();
                if (name == null || name.isEmpty()) {
                    return result.setConfigs(describer.broker(false, resource.configurationKeys(), synonyms, documentation));
                }
                if (BrokerIds.parse(name) != services.brokerId()) {
                    throw Errors.INVALID_REQUEST.exception("Unexpected broker id, expected " + services.brokerId()
                            + " or empty string, but received " + name);
                }
                return result.setConfigs(describer.broker(true, resource.configurationKeys(), synonyms, documentation));
            }
            if (resource.resourceType() == BROKER_LOGGER) {
                String name = resource.resourceName();
                if (name == null || name.isEmpty()) {
                    throw Errors.INVALID_REQUEST.exception("Broker id must not be empty");
                }
                if (BrokerIds.parse(name) != services.brokerId()) {
                    throw Errors.INVALID_REQUEST.exception("Unexpected broker id, expected " + services.brokerId()
                            + " but received " + name);
                }
                return result.setConfigs(loggers(resource.configurationKeys()));
            }
            throw Errors.INVALID_REQUEST.exception("Unsupported resource type: " + resource.resourceType());
        } catch (ApiException e) {
            return result.setErrorCode(e.error().code()).setErrorMessage(e.getMessage()).setConfigs(List.of());
        }
    }

    private static List<DescribeConfigsResourceResult> loggers(List<String> keys) {
        List<DescribeConfigsResourceResult> entries = new ArrayList<>();
        BrokerLoggers.levels().forEach((name, level) -> {
            if (keys == null || keys.contains(name)) {
                entries.add(new DescribeConfigsResourceResult().setName(name).setValue(level)
                        .setConfigSource(DYNAMIC_BROKER_LOGGER_CONFIG).setIsSensitive(false).setReadOnly(false)
                        .setSynonyms(List.of()));
            }
        });
        return entries;
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
