package io.skiff.broker.handler;

import io.skiff.broker.BrokerServices;
import io.skiff.broker.admin.AdminStore;
import io.skiff.broker.admin.ClusterView;
import io.skiff.broker.network.ApiHandler;
import io.skiff.broker.network.RequestContext;
import io.skiff.replication.zk.ClusterSnapshot;
import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.message.DescribeClusterRequestData;
import io.skiff.wire.message.DescribeClusterResponseData;
import io.skiff.wire.message.DescribeClusterResponseData.DescribeClusterBroker;
import io.skiff.wire.protocol.ApiMessage;
import io.skiff.wire.protocol.Errors;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * DescribeCluster (api key 60): the live brokers reachable on the request's listener, the cluster id and the
 * controller id. Only broker endpoints exist here (the controller is a broker role, not a separate quorum),
 * so a v1+ request for controller endpoints gets UNSUPPORTED_ENDPOINT_TYPE. No broker is ever fenced.
 * Stateless apart from the store; thread-safe.
 */
public final class DescribeClusterHandler implements ApiHandler<DescribeClusterRequestData> {
    /** DescribeCluster endpoint types. */
    static final byte BROKER_ENDPOINT = 1;

    private final AdminStore store;
    private final String clusterId;

    public DescribeClusterHandler(BrokerServices services) {
        this(AdminStore.of(services.store(), services.metadata()), services.clusterId());
    }

    public DescribeClusterHandler(AdminStore store, String clusterId) {
        this.store = store;
        this.clusterId = clusterId;
    }

    @Override
    public ApiMessageType apiType() {
        return ApiMessageType.DESCRIBE_CLUSTER;
    }

    @Override
    public CompletionStage<DescribeClusterResponseData> handle(RequestContext context, DescribeClusterRequestData request) {
        short version = context.apiVersion();
        DescribeClusterResponseData response = new DescribeClusterResponseData();
        if (version >= 1) {
            response.setEndpointType(request.endpointType());
            if (request.endpointType() != BROKER_ENDPOINT) {
                return CompletableFuture.completedFuture(response
                        .setErrorCode(Errors.UNSUPPORTED_ENDPOINT_TYPE.code())
                        .setErrorMessage("The broker does not support endpoint type " + request.endpointType()));
            }
        }
        ClusterSnapshot cluster = store.cluster();
        response.setErrorCode(Errors.NONE.code())
                .setErrorMessage(null)
                .setClusterId(clusterId)
                .setControllerId(ClusterView.controllerId(cluster));
        if (request.includeClusterAuthorizedOperations()) {
            response.setClusterAuthorizedOperations(ClusterView.ALL_CLUSTER_OPERATIONS);
        }
        for (ClusterView.Node node : ClusterView.nodes(cluster, context.listenerName())) {
            response.brokers().add(new DescribeClusterBroker()
                    .setBrokerId(node.id()).setHost(node.host()).setPort(node.port()).setRack(node.rack()));
        }
        return CompletableFuture.completedFuture(response);
    }

    @Override
    public ApiMessage errorResponse(RequestContext context, DescribeClusterRequestData request, Errors error) {
        DescribeClusterResponseData response = new DescribeClusterResponseData()
                .setErrorCode(error.code())
                .setErrorMessage(error.message());
        if (context.apiVersion() >= 1) {
            response.setEndpointType(request.endpointType());
        }
        return response;
    }
}
