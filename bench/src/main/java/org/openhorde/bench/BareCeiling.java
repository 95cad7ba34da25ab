package org.openhorde.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link BareVertxServer} as a process of its own on a free loopback port for the length of one measurement.
 * It gets the JVM options the measured gateway runs with — read from its process when the bench knows the horde's
 * home, else those {@code ./horde} gives it ({@code service_java_opts}: C1 only, SerialGC, 256 MB) — and Quarkus's
 * default event-loop count (twice the cores), so that the ceiling differs from the gateway only in what runs on top of
 * Vert.x: a gateway run on C2 is compared with a ceiling on C2 (decision 0056).
 */
final class BareCeiling implements AutoCloseable {

    /** The gateway's JVM options in {@code ./horde} (decision 0013). */
    static final List<String> GATEWAY_JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private final Process process;
    private final URI uri;
    private final List<String> jvmOptions;

    private BareCeiling(Process process, URI uri, List<String> jvmOptions) {
        this.process = process;
        this.uri = uri;
        this.jvmOptions = jvmOptions;
    }

    /**
     * The JVM options ({@code -X...}) of the gateway this horde home runs, from its command line; {@link
     * #GATEWAY_JVM_OPTIONS} when there is no home, no running gateway or no {@code /proc}.
     */
    static List<String> gatewayJvmOptions(Path hordeHome) {
        if (hordeHome == null) {
            return GATEWAY_JVM_OPTIONS;
        }
        try {
            String pid = Files.readString(hordeHome.resolve("run").resolve("gateway.pid")).strip().split("\\s+")[0];
            byte[] cmdline = Files.readAllBytes(Path.of("/proc", pid, "cmdline"));
            List<String> options = jvmOptionsOf(List.of(new String(cmdline, StandardCharsets.UTF_8).split("\0")));
            return options.isEmpty() ? GATEWAY_JVM_OPTIONS : options;
        } catch (IOException | RuntimeException unreadable) {
            return GATEWAY_JVM_OPTIONS;
        }
    }

    /** The {@code -X} options of a {@code java ... -jar app.jar ...} command line (system properties left out). */
    static List<String> jvmOptionsOf(List<String> commandLine) {
        List<String> options = new ArrayList<>();
        for (String argument : commandLine.subList(Math.min(1, commandLine.size()), commandLine.size())) {
            if (argument.equals("-jar") || argument.equals("-cp") || !argument.startsWith("-")) {
                break;
            }
            if (argument.startsWith("-X")) {
                options.add(argument);
            }
        }
        return options;
    }

    static BareCeiling start(Path hordeHome) throws IOException, InterruptedException {
        List<String> jvmOptions = gatewayJvmOptions(hordeHome);
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), BareVertxServer.class.getName(),
                String.valueOf(port), String.valueOf(2 * Runtime.getRuntime().availableProcessors())));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        // One reader for the server's whole life: it reports "listening" (or what the server said before dying) and
        // then keeps draining, so that warnings written under load never fill the pipe and stall the server.
        CompletableFuture<String> listening = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            StringBuilder seen = new StringBuilder();
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.equals("listening")) {
                        listening.complete(null);
                    } else if (!listening.isDone()) {
                        seen.append(line).append('\n');
                    }
                }
            } catch (IOException e) {
                seen.append(e);
            }
            listening.complete(seen.toString());
        }, "bare-vertx-output");
        reader.setDaemon(true);
        reader.start();
        String failure;
        try {
            failure = listening.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            failure = "no answer within 60 s: " + e;
        }
        if (failure != null) {
            process.destroyForcibly();
            throw new IOException("the bare Vert.x server did not start: " + failure);
        }
        return new BareCeiling(process, URI.create("http://127.0.0.1:" + port + "/api/v2/generate/check/bare"),
                jvmOptions);
    }

    List<String> jvmOptions() {
        return jvmOptions;
    }

    URI uri() {
        return uri;
    }

    @Override
    public void close() throws InterruptedException {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // Already gone.
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
