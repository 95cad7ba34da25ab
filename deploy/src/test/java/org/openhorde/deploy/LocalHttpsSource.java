package org.openhorde.deploy;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A tiny HTTPS server in the test JVM that serves one image, with a self-signed certificate for 127.0.0.1 made by the
 * JDK's keytool. The IT horde's storage-service trusts that certificate and may fetch from 127.0.0.1
 * ({@code HORDE_STORAGE_SOURCES_TRUST_STORE}, {@code HORDE_STORAGE_SOURCES_ALLOWED_HOSTS} in {@link RunningHorde}),
 * so a source given as an https URL can be tested end to end; a real horde fetches from public addresses only.
 * rating-service's dataset import is told the same ({@code HORDE_RATINGS_IMPORTS_*}), for DatasetImportIT.
 */
final class LocalHttpsSource implements AutoCloseable {

    static final String HOST = "127.0.0.1";
    static final String PASSWORD = "changeit";
    private static final Path KEYSTORE = Path.of("target", "it-source-tls", "source.p12").toAbsolutePath();

    private final HttpsServer server;
    private final AtomicInteger served = new AtomicInteger();

    private LocalHttpsSource(HttpsServer server) {
        this.server = server;
    }

    /** The certificate and key (one PKCS12 store, also the services' trust store), made once per build. */
    static synchronized Path keystore() {
        if (Files.exists(KEYSTORE)) {
            return KEYSTORE;
        }
        try {
            Files.createDirectories(KEYSTORE.getParent());
            Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-keyalg", "EC", "-alias", "source", "-dname", "CN=" + HOST,
                    "-ext", "san=ip:" + HOST, "-validity", "30", "-storetype", "PKCS12",
                    "-keystore", KEYSTORE.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                    .redirectErrorStream(true).start();
            keytool.getInputStream().transferTo(OutputStream.nullOutputStream());
            if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
                throw new IllegalStateException("keytool could not make the source server's certificate");
            }
            return KEYSTORE;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Serves {@code image} at {@code /<any path>} until closed. */
    static LocalHttpsSource serving(byte[] image) {
        return start(exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "image/png");
            exchange.sendResponseHeaders(200, image.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(image);
            }
        });
    }

    /** Serves each of {@code files} at its path (a dataset manifest and its images), 404 for any other path. */
    static LocalHttpsSource servingFiles(Map<String, byte[]> files) {
        return start(exchange -> {
            byte[] file = files.get(exchange.getRequestURI().getPath());
            if (file == null) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(200, file.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(file);
            }
        });
    }

    private static LocalHttpsSource start(HttpHandler handler) {
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore())) {
                keys.load(in, PASSWORD.toCharArray());
            }
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), null, null);
            HttpsServer server = HttpsServer.create(new InetSocketAddress(HOST, 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(context));
            LocalHttpsSource source = new LocalHttpsSource(server);
            server.createContext("/", exchange -> {
                source.served.incrementAndGet();
                handler.handle(exchange);
            });
            server.start();
            return source;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    String url(String path) {
        return "https://" + HOST + ":" + server.getAddress().getPort() + path;
    }

    /** How many requests it answered. */
    int served() {
        return served.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
