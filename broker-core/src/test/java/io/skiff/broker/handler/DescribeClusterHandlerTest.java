package io.skiff.broker.handler;

import static io.skiff.broker.handler.Contexts.context;
import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.broker.admin.ClusterView;
import io.skiff.broker.admin.InMemoryAdminStore;
import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.message.DescribeClusterRequestData;
import io.skiff.wire.message.DescribeClusterResponseData;
import io.skiff.wire.protocol.ByteBufferAccessor;
import io.skiff.wire.protocol.Errors;
import java.nio.ByteBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DescribeClusterHandlerTest {
    private final InMemoryAdminStore store = InMemoryAdminStore.withBrokers(1, 2);
    private final DescribeClusterHandler handler = new DescribeClusterHandler(store, "cid");

    private DescribeClusterResponseData send(int version, DescribeClusterRequestData request) {
        DescribeClusterResponseData response = handler.handle(context(ApiMessageType.DESCRIBE_CLUSTER, version), request)
                .toCompletableFuture().join();
        ByteBuffer buffer = ByteBuffer.allocate(response.size((short) version));
        response.write(new ByteBufferAccessor(buffer), (short) version);
        return response;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void describesBrokersClusterAndController(int version) {
        DescribeClusterResponseData response = send(version, new DescribeClusterRequestData());
        assertThat(response.errorCode()).isZero();
        assertThat(response.clusterId()).isEqualTo("cid");
        assertThat(response.controllerId()).isEqualTo(1);
        assertThat(response.brokers()).extracting(b -> b.brokerId() + "@" + b.host() + ":" + b.port() + "/" + b.rack())
                .containsExactly("1@host1:9001/null", "2@host2:9002/rack-b");
        assertThat(response.clusterAuthorizedOperations()).isEqualTo(Integer.MIN_VALUE);
    }

    @Test
    void controllerEndpointsAreUnsupported() {
        DescribeClusterResponseData response = send(1, new DescribeClusterRequestData().setEndpointType((byte) 2));
        assertThat(response.errorCode()).isEqualTo(Errors.UNSUPPORTED_ENDPOINT_TYPE.code());
        assertThat(response.endpointType()).isEqualTo((byte) 2);
    }

    @Test
    void authorizedOperationsWhenAsked() {
        DescribeClusterResponseData response = send(2,
                new DescribeClusterRequestData().setIncludeClusterAuthorizedOperations(true));
        assertThat(response.clusterAuthorizedOperations()).isEqualTo(ClusterView.ALL_CLUSTER_OPERATIONS);
    }
}
