package io.skiff.broker.network;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.skiff.broker.config.Endpoint;
import io.skiff.wire.frame.KafkaFrameDecoder;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka listeners: one server socket per configured {@link Endpoint}, all served by one pool of
 * event loops (native epoll on Linux, NIO elsewhere).
 *
 * <p>Pipeline of each connection, in order: {@code idle} (closes after
 * {@code connections.max.idle.ms}), {@code frameDecoder} (size-prefixed frames, size checked before
 * any allocation), {@code requests} ({@link RequestChannelHandler}: parse, dispatch, ordered
 * responses, back-pressure).
 */
public final class KafkaServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaServer.class);

    /** Settings of the network layer, from the broker configuration. */
    public record Settings(
            int networkThreads,
            int maxFrameBytes,
            int maxInFlightPerConnection,
            long idleTimeoutMs,
            int sendBufferBytes,
            int receiveBufferBytes,
            int listenBacklog) {}

    private final Settings settings;
    private final HandlerRegistry registry;
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private final Class<? extends ServerChannel> channelClass;
    private final List<Channel> serverChannels = new ArrayList<>();
    private final List<Endpoint> boundEndpoints = new ArrayList<>();

    public KafkaServer(Settings settings, HandlerRegistry registry) {
        this.settings = settings;
        this.registry = registry;
        boolean epoll = Epoll.isAvailable();
        var factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.bossGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("skiff-acceptor", true), factory);
        this.workerGroup = new MultiThreadIoEventLoopGroup(
                settings.networkThreads(), new DefaultThreadFactory("skiff-network", true), factory);
        this.channelClass = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        LOG.debug("Network transport: {}", epoll ? "native epoll" : "NIO");
    }

    /** Binds every listener; returns the endpoints with their actual ports (port 0 resolved). */
    public List<Endpoint> start(List<Endpoint> listeners) throws InterruptedException {
        for (Endpoint endpoint : listeners) {
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(bossGroup, workerGroup)
                    .channel(channelClass)
                    .option(ChannelOption.SO_BACKLOG, settings.listenBacklog())
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 4 << 20))
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline()
                                    .addLast("idle", new IdleStateHandler(0, 0, settings.idleTimeoutMs(), TimeUnit.MILLISECONDS))
                                    .addLast("frameDecoder", new KafkaFrameDecoder(settings.maxFrameBytes()))
                                    .addLast("requests", new RequestChannelHandler(
                                            registry, endpoint.listenerName(), true, settings.maxInFlightPerConnection()));
                        }
                    });
            if (settings.sendBufferBytes() > 0) {
                bootstrap.childOption(ChannelOption.SO_SNDBUF, settings.sendBufferBytes());
            }
            if (settings.receiveBufferBytes() > 0) {
                bootstrap.childOption(ChannelOption.SO_RCVBUF, settings.receiveBufferBytes());
            }
            InetSocketAddress address = endpoint.host().isEmpty()
                    ? new InetSocketAddress(endpoint.port())
                    : new InetSocketAddress(endpoint.host(), endpoint.port());
            Channel channel = bootstrap.bind(address).sync().channel();
            serverChannels.add(channel);
            InetSocketAddress bound = (InetSocketAddress) channel.localAddress();
            boundEndpoints.add(new Endpoint(endpoint.listenerName(), endpoint.securityProtocol(), endpoint.host(), bound.getPort()));
        }
        return List.copyOf(boundEndpoints);
    }

    public List<Endpoint> boundEndpoints() {
        return List.copyOf(boundEndpoints);
    }

    /** Stops accepting, closes every connection and the event loops. */
    @Override
    public void close() {
        for (Channel c : serverChannels) {
            c.close().syncUninterruptibly();
        }
        bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
