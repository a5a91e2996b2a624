package io.skiff.compat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * A raw Kafka connection for tests that must see exact bytes and closed sockets: requests are
 * serialised and responses parsed by kafka-clients' own classes, so the broker is judged by Kafka's
 * code, not by ours.
 */
final class KafkaWire implements AutoCloseable {
    private final Socket socket;
    private final DataOutputStream out;
    private final DataInputStream in;
    private int correlationId;

    KafkaWire(String host, int port) throws IOException {
        socket = new Socket(host, port);
        socket.setSoTimeout(30_000);
        out = new DataOutputStream(socket.getOutputStream());
        in = new DataInputStream(socket.getInputStream());
    }

    /** Sends {@code request} at its version and returns Kafka's parse of the response. */
    AbstractResponse send(AbstractRequest request) throws IOException {
        short version = request.version();
        ApiKeys api = request.apiKey();
        int id = ++correlationId;
        RequestHeader header = new RequestHeader(api, version, "skiff-compat", id);
        ByteBuffer bytes = request.serializeWithHeader(header);
        sendRaw(bytes);
        ByteBuffer response = receive();
        return AbstractResponse.parseResponse(response, header);
    }

    /** Writes a size prefix and {@code body} as they are. */
    void sendRaw(ByteBuffer body) throws IOException {
        out.writeInt(body.remaining());
        out.write(body.array(), body.arrayOffset() + body.position(), body.remaining());
        out.flush();
    }

    /** Writes arbitrary bytes, size prefix included or not: the caller decides. */
    void sendBytes(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads one size-prefixed response frame (header included). */
    ByteBuffer receive() throws IOException {
        int size = in.readInt();
        byte[] body = new byte[size];
        in.readFully(body);
        return ByteBuffer.wrap(body);
    }

    /** True when the broker closed the connection (read returns end of stream). */
    boolean closedByBroker() throws IOException {
        try {
            return in.read() < 0;
        } catch (java.net.SocketException e) {
            return true; // reset by peer
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
