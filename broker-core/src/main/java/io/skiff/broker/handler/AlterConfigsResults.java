package io.skiff.broker.handler;

import io.skiff.broker.admin.ConfigAlterer;
import io.skiff.wire.protocol.ApiException;
import io.skiff.wire.protocol.Errors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part AlterConfigs and IncrementalAlterConfigs share: each resource altered on its own (one
 * failing resource does not fail the others), a resource named twice refused both times with Kafka's
 * "Each resource must appear at most once.", and every failure turned into the resource's error code
 * and message.
 */
final class AlterConfigsResults {
    private static final Logger LOG = LoggerFactory.getLogger(AlterConfigsResults.class);

    private AlterConfigsResults() {}

    /** One resource's outcome. */
    record Outcome(byte resourceType, String resourceName, Errors error, String message) {}

    /**
     * A resource of the request: its identity and the changes it asks for, or why they cannot be read
     * ({@code invalid}, answered with INVALID_REQUEST).
     */
    record Resource(byte type, String name, List<ConfigAlterer.Change> changes, String invalid) {}

    static <R> List<Outcome> alterAll(ConfigAlterer alterer, List<R> resources, Function<R, Resource> view,
            boolean incremental, boolean validateOnly) {
        Map<String, Integer> seen = new HashMap<>();
        for (R r : resources) {
            Resource res = view.apply(r);
            seen.merge(res.type() + "/" + res.name(), 1, Integer::sum);
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (R r : resources) {
            Resource res = view.apply(r);
            if (res.invalid() != null) {
                outcomes.add(new Outcome(res.type(), res.name(), Errors.INVALID_REQUEST, res.invalid()));
                continue;
            }
            if (seen.get(res.type() + "/" + res.name()) > 1) {
                outcomes.add(new Outcome(res.type(), res.name(), Errors.INVALID_REQUEST, "Each resource must appear at most once."));
                continue;
            }
            try {
                alterer.alter(res.type(), res.name(), res.changes(), incremental, validateOnly);
                outcomes.add(new Outcome(res.type(), res.name(), Errors.NONE, null));
            } catch (ApiException e) {
                LOG.debug("Altering configs of resource {} {} failed: {}", res.type(), res.name(), e.getMessage());
                outcomes.add(new Outcome(res.type(), res.name(), e.error(), e.getMessage()));
            }
        }
        return outcomes;
    }
}
