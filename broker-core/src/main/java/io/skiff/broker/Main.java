package io.skiff.broker;

import io.skiff.broker.config.BrokerConfig;
import io.skiff.broker.config.ConfigException;
import io.skiff.log.Time;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code bin/broker [server.properties] [--override key=value ...]}: the arguments of Kafka's
 * {@code kafka-server-start.sh}. Exit codes: 0 after a clean shutdown, 1 on a configuration error
 * (the message names the key), 2 on a startup failure.
 */
public final class Main {
    static {
        // Before the logger below initialises logging: the warm-up overlaps with that too.
        StartupWarmup.start();
    }

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {}

    public static void main(String[] args) {
        Optional<Path> file = Optional.empty();
        Map<String, String> overrides = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--override")) {
                if (i + 1 >= args.length || !args[i + 1].contains("=")) {
                    usage("--override needs key=value");
                }
                String kv = args[++i];
                overrides.put(kv.substring(0, kv.indexOf('=')).trim(), kv.substring(kv.indexOf('=') + 1));
            } else if (arg.equals("-h") || arg.equals("--help")) {
                usage(null);
            } else if (file.isEmpty() && !arg.startsWith("-")) {
                file = Optional.of(Path.of(arg));
            } else {
                usage("unexpected argument " + arg);
            }
        }
        if (file.isPresent() && !Files.isReadable(file.get())) {
            System.err.println("Cannot read configuration file " + file.get());
            System.exit(1);
        }
        BrokerConfig config;
        try {
            config = BrokerConfig.load(file, overrides);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        } catch (Exception e) {
            System.err.println("Cannot load configuration: " + e);
            System.exit(1);
            return;
        }

        Broker broker = new Broker(config, Time.SYSTEM);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("Shutting down");
            broker.close();
            LOG.info("Shut down cleanly");
            stopped.countDown();
        }, "skiff-shutdown"));
        try {
            broker.start();
        } catch (Exception e) {
            LOG.error("Broker failed to start", e);
            System.exit(2);
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void usage(String error) {
        if (error != null) {
            System.err.println(error);
        }
        System.err.println("Usage: bin/broker [server.properties] [--override property=value]*");
        System.exit(error == null ? 0 : 1);
    }
}
