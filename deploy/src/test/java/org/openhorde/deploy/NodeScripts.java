package org.openhorde.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the Node.js scripts of {@code deploy/src/test/node} against a running horde: real npm software (the AI Horde's
 * own JavaScript client, Playwright driving Debian's Chromium) talking to our services over HTTP.
 *
 * <p>The folder is copied to {@code deploy/target/node} and {@code npm install} runs there once per build, so a clean
 * clone installs exactly what {@code package.json} pins and the source tree never holds {@code node_modules}.
 */
public final class NodeScripts {

    /** What a script printed and how it ended. */
    public record Outcome(int exitCode, String output) {
        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
    private static Path installed;

    private NodeScripts() {
    }

    /** The installed folder (scripts and node_modules), installing on first use in this JVM. */
    public static synchronized Path installed(Path repositoryRoot) {
        if (installed != null) {
            return installed;
        }
        Path source = repositoryRoot.resolve("deploy/src/test/node");
        Path target = repositoryRoot.resolve("deploy/target/node");
        try {
            Files.createDirectories(target);
            try (Stream<Path> files = Files.list(source)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    if (Files.isRegularFile(file)) {
                        Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare " + target, e);
        }
        // npm install is skipped when the installed lock matches package.json: a rerun in the same build costs nothing.
        Outcome install = run(target, List.of("npm", "install", "--no-audit", "--no-fund", "--loglevel=error"),
                Map.of(), INSTALL_TIMEOUT);
        if (!install.succeeded()) {
            throw new IllegalStateException("npm install failed in " + target + ":\n" + install.output());
        }
        installed = target;
        return target;
    }

    /** Runs {@code node <script>} from the installed folder with {@code env} added to its environment. */
    public static Outcome runScript(Path repositoryRoot, String script, Map<String, String> env, Duration timeout) {
        Path folder = installed(repositoryRoot);
        return run(folder, List.of("node", script), env, timeout);
    }

    private static Outcome run(Path directory, List<String> command, Map<String, String> env, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).directory(directory.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(env);
        Path log;
        try {
            log = Files.createTempFile(directory, "run-", ".log");
            builder.redirectOutput(log.toFile());
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                return new Outcome(-1, "timed out after " + timeout + ":\n" + Files.readString(log));
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            Files.deleteIfExists(log);
            return new Outcome(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }
}
