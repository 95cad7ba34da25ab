package org.openhorde.kit.fetch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openhorde.contracts.HordeException;

/**
 * Pins that source URLs cannot turn the horde into a proxy into its own network: non-https, private, loopback,
 * link-local and metadata addresses are refused before any connection; redirects are re-vetted and limited; bodies
 * are capped while they stream. Only loopback is ever contacted: the local HTTPS server below, reachable only
 * because these tests swap in a policy that allows loopback and nothing else.
 */
class SourceFetcherTest {

    /** The fetcher does not look at what it fetches: any bytes stand for an image here. */
    private static final byte[] IMAGE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 1, 2, 3};

    private static final int CAP = 64 * 1024;
    private static final String PASSWORD = "changeit";

    private static HttpsServer server;
    private static SourceFetcher.TrustedTls tls;
    private static final List<String> served = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startLocalHttpsServer(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("local.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-keyalg", "EC", "-alias", "local", "-dname", "CN=localhost",
                "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        keytool.getInputStream().transferTo(OutputStream.nullOutputStream());
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IllegalStateException("keytool could not make a test certificate");
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD.toCharArray());
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(keys);
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(keyManagers.getKeyManagers(), null, null);
        SSLContext clientContext = SSLContext.getInstance("TLS");
        clientContext.init(null, trustManagers.getTrustManagers(), null);
        tls = new SourceFetcher.TrustedTls(clientContext, (X509TrustManager) trustManagers.getTrustManagers()[0]);

        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext));
        server.createContext("/image.png", exchange -> respond(exchange, 200, IMAGE, true));
        server.createContext("/huge-declared", exchange -> respond(exchange, 200, new byte[CAP + 1], true));
        // Chunked: no Content-Length, so only the streaming cap can stop it.
        server.createContext("/huge-streamed", exchange -> respond(exchange, 200, new byte[CAP * 4], false));
        server.createContext("/to-metadata", exchange -> redirect(exchange, "https://169.254.169.254/latest/meta-data/"));
        server.createContext("/to-private", exchange -> redirect(exchange, "https://10.0.0.1/a.png"));
        server.createContext("/to-http", exchange -> redirect(exchange, "http://127.0.0.1:" + port() + "/image.png"));
        server.createContext("/to-image", exchange -> redirect(exchange, "/image.png"));
        server.createContext("/loop", exchange -> redirect(exchange, "/loop"));
        server.createContext("/missing", exchange -> respond(exchange, 404, new byte[0], true));
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.stop(0);
    }

    private static int port() {
        return server.getAddress().getPort();
    }

    private static void respond(HttpExchange exchange, int status, byte[] body, boolean declareLength)
            throws IOException {
        served.add(exchange.getRequestURI().getPath());
        exchange.sendResponseHeaders(status, declareLength ? (body.length == 0 ? -1 : body.length) : 0);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        } catch (IOException clientHungUp) {
            // The fetcher stops reading at its cap; that is the point.
        }
    }

    private static void redirect(HttpExchange exchange, String location) throws IOException {
        served.add(exchange.getRequestURI().getPath());
        exchange.getResponseHeaders().add("Location", location);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    /** The production policy: nothing on this machine is reachable. */
    private static SourceFetcher publicOnly() {
        return new SourceFetcher(AddressPolicy.PUBLIC_ONLY, tls, CAP, 3, Duration.ofSeconds(2),
                Duration.ofSeconds(5), Duration.ofSeconds(15));
    }

    /** Loopback only: the local test server, and nothing else at all. */
    private static SourceFetcher loopbackOnly() {
        return new SourceFetcher(InetAddress::isLoopbackAddress, tls, CAP, 3, Duration.ofSeconds(2),
                Duration.ofSeconds(5), Duration.ofSeconds(15));
    }

    private static String local(String path) {
        return "https://127.0.0.1:" + port() + path;
    }

    private static String refused(SourceFetcher fetcher, String url) {
        return assertThrows(HordeException.class, () -> fetcher.fetch("source_image", url)).error().rc();
    }

    @Test
    void privateLoopbackAndMetadataAddressesAreRefusedBeforeAnyConnection() {
        int before = served.size();
        assertEquals("SourceImageUrlInvalid", refused(publicOnly(), "http://127.0.0.1/a.png"));
        assertEquals("SourceImageUrlInvalid", refused(publicOnly(), "https://169.254.169.254/latest/meta-data/"));
        assertEquals("SourceImageUrlInvalid", refused(publicOnly(), "https://10.0.0.1/a.png"));
        assertEquals("SourceImageUrlInvalid", refused(publicOnly(), "https://[::1]:" + port() + "/image.png"));
        assertEquals("SourceImageUrlInvalid", refused(publicOnly(), "https://localhost:" + port() + "/image.png"));
        assertEquals("SourceImageUrlInvalid", refused(publicOnly(), local("/image.png")));
        assertEquals("SourceImageUrlInvalid", refused(publicOnly(), "https://user:pw@example.com/a.png"));
        assertEquals("SourceImageUrlInvalid", refused(publicOnly(), "file:///etc/passwd"));
        assertEquals("SourceImageUrlInvalid", refused(publicOnly(), "https://exa mple.com/"));
        assertEquals(before, served.size(), "nothing reached the local server");
    }

    @Test
    void anAllowedUrlIsFetchedAndARelativeRedirectFollowed() {
        assertArrayEquals(IMAGE, loopbackOnly().fetch("source_image", local("/image.png")));
        assertArrayEquals(IMAGE, loopbackOnly().fetch("source_image", local("/to-image")));
    }

    @Test
    void redirectsAreVettedLikeTheFirstUrl() {
        assertEquals("SourceImageUrlInvalid", refused(loopbackOnly(), local("/to-private")));
        assertEquals("SourceImageUrlInvalid", refused(loopbackOnly(), local("/to-metadata")));
        assertEquals("SourceImageUrlInvalid", refused(loopbackOnly(), local("/to-http")));
        HordeException loop = assertThrows(HordeException.class,
                () -> loopbackOnly().fetch("source_image", local("/loop")));
        assertEquals("The URL in source_image redirected more than 3 times.", loop.error().message());
        assertEquals("SourceImageUrlInvalid", refused(loopbackOnly(), local("/missing")));
    }

    @Test
    void oversizedBodiesAreRefusedWhetherDeclaredOrStreamed() {
        assertEquals("SourceImageSizeExceeded", refused(loopbackOnly(), local("/huge-declared")));
        assertEquals("SourceImageSizeExceeded", refused(loopbackOnly(), local("/huge-streamed")));
    }
}
