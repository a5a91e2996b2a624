package io.skiff.generator;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Entry point: {@code Main <schema dir> <output source root>}. Reads every {@code *.json} schema
 * (Kafka's contain {@code //} comments), writes one class per schema plus {@code ApiMessageType}
 * under {@code <output>/io/skiff/wire/message/}. Fails the build on any schema it cannot handle.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: Main <schema dir> <output source root>");
        }
        Path schemas = Path.of(args[0]);
        Path out = Path.of(args[1]).resolve(MessageGenerator.PACKAGE.replace('.', '/'));
        int n = generate(schemas, out);
        System.out.println("skiff generator: " + n + " schemas from " + schemas + " -> " + out);
    }

    /** Generates all sources; returns the number of schemas processed. */
    public static int generate(Path schemaDir, Path packageDir) throws IOException {
        ObjectMapper mapper = JsonMapper.builder().enable(JsonReadFeature.ALLOW_JAVA_COMMENTS).build();
        List<Path> files;
        try (Stream<Path> s = Files.list(schemaDir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no *.json schemas in " + schemaDir);
        }
        Files.createDirectories(packageDir);
        List<MessageSpec> specs = new ArrayList<>();
        for (Path f : files) {
            MessageSpec spec;
            try {
                JsonNode node = mapper.readTree(f.toFile());
                spec = new MessageSpec(node);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("cannot parse schema " + f + ": " + e.getMessage(), e);
            }
            specs.add(spec);
            write(packageDir.resolve(spec.className() + ".java"), MessageGenerator.generate(spec));
        }
        write(packageDir.resolve("ApiMessageType.java"), ApiMessageTypeGenerator.generate(specs));
        return files.size();
    }

    private static void write(Path file, String content) throws IOException {
        // Unchanged files keep their timestamp so incremental compilation stays incremental.
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        if (Files.exists(file) && java.util.Arrays.equals(Files.readAllBytes(file), bytes)) {
            return;
        }
        Files.write(file, bytes);
    }
}
