package io.skiff.bench.compare;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Polls a broker with a hand-built Metadata v4 request until one is answered with at least one broker: the
 * "first served Metadata request" that ends a startup-time measurement. Raw bytes on a plain socket, so that no
 * client's reconnect back-off (the Java client's starts at 50 ms and doubles) is part of what is measured.
 * Not thread-safe; one probe per measurement.
 */
final class MetadataProbe {
    private static final short METADATA = 3;
    private static final short VERSION = 4;
    private static final String CLIENT_ID = "skiff-bench-probe";

    private MetadataProbe() {}

    /**
     * Returns once {@code port} answers Metadata with a non-empty broker list; retries every
     * {@code pollMs} on refusal, reset or an empty answer.
     *
     * @throws IOException when {@code timeoutMs} passes first, or {@code alive} says the process died
     */
    static void awaitServed(int port, long pollMs, long timeoutMs, java.util.function.BooleanSupplier alive)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        IOException last = null;
        int correlationId = 0;
        while (System.nanoTime() < deadline) {
            if (!alive.getAsBoolean()) {
                throw new IOException("The broker process exited during startup", last);
            }
            try {
                if (brokerCount(port, ++correlationId) > 0) {
                    return;
                }
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(pollMs);
        }
        throw new IOException("No Metadata answer from port " + port + " within " + timeoutMs + " ms", last);
    }

    /** One round trip: the number of brokers in the answer. */
    static int brokerCount(int port, int correlationId) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 1000);
            socket.setSoTimeout(5000);
            byte[] clientId = CLIENT_ID.getBytes(StandardCharsets.UTF_8);
            // Request header v1 (api key, version, correlation id, client id) and Metadata v4's body:
            // topics = null (all), allow_auto_topic_creation = false.
            ByteBuffer body = ByteBuffer.allocate(2 + 2 + 4 + 2 + clientId.length + 4 + 1);
            body.putShort(METADATA).putShort(VERSION).putInt(correlationId)
                    .putShort((short) clientId.length).put(clientId)
                    .putInt(-1).put((byte) 0);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(body.capacity());
            out.write(body.array());
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int size = in.readInt();
            if (size < 12) {
                throw new IOException("Metadata response of " + size + " bytes");
            }
            int answeredId = in.readInt();
            if (answeredId != correlationId) {
                throw new IOException("Correlation id " + answeredId + ", expected " + correlationId);
            }
            in.readInt(); // throttle_time_ms
            return in.readInt(); // length of the brokers array
        }
    }
}
