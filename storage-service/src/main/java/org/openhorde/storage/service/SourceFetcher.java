package org.openhorde.storage.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.IDN;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;
import okhttp3.Dns;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.storage.config.StorageConfig;
import org.openhorde.storage.domain.AddressPolicy;
import org.openhorde.storage.domain.SourceImage;

/**
 * Fetches a source image a client gave as a URL, without letting the horde become a proxy into its own network:
 * https only; the host is resolved once here and every address is vetted by the {@link AddressPolicy} before any
 * connection; the connection then goes to exactly those vetted addresses (no second DNS lookup that a rebinding DNS
 * server could answer differently); redirects are followed by hand, at most a few, each target vetted the same way;
 * no proxy; connect, read and total timeouts; the size cap is enforced while the body streams in, whatever
 * {@code Content-Length} claims. Blocking: call it on a worker thread.
 */
@ApplicationScoped
public class SourceFetcher {

    private final AddressPolicy policy;
    private final OkHttpClient client;
    private final int maxBytes;
    private final int maxRedirects;
    /** Hosts the operator allows whatever they resolve to ({@code horde.storage.sources.allowed-hosts}). */
    private final Set<String> allowedHosts = new HashSet<>();

    @Inject
    SourceFetcher(StorageConfig config) {
        this(AddressPolicy.PUBLIC_ONLY, config.sources().trustStore()
                        .map(store -> ExtraTrust.withJvmCas(Path.of(store),
                                config.sources().trustStorePassword().orElse("")))
                        .orElse(null),
                config.sources().maxBytes(), config.sources().maxRedirects(),
                config.sources().connectTimeout(), config.sources().readTimeout(), config.sources().callTimeout());
        config.sources().allowedHosts().orElse(List.of()).stream()
                .map(host -> host.strip().toLowerCase(Locale.ROOT)).filter(host -> !host.isEmpty())
                .forEach(allowedHosts::add);
    }

    /**
     * @param tls the TLS context and its trust manager, or null for the JVM's default trust (tests trust a local
     *            self-signed certificate through this)
     */
    public SourceFetcher(AddressPolicy policy, TrustedTls tls, int maxBytes, int maxRedirects, Duration connectTimeout,
                         Duration readTimeout, Duration callTimeout) {
        this.policy = policy;
        this.maxBytes = maxBytes;
        this.maxRedirects = maxRedirects;
        OkHttpClient.Builder builder = new OkHttpClient.Builder()
                .proxy(Proxy.NO_PROXY)
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(false)
                .connectTimeout(connectTimeout)
                .readTimeout(readTimeout)
                .callTimeout(callTimeout);
        if (tls != null) {
            builder.sslSocketFactory(tls.context().getSocketFactory(), tls.trustManager());
        }
        this.client = builder.build();
    }

    /** A TLS context with the trust manager it was built from (OkHttp needs both). */
    public record TrustedTls(SSLContext context, X509TrustManager trustManager) {
    }

    /**
     * The bytes behind {@code url}.
     *
     * @throws HordeException {@code SourceImageUrlInvalid} for a URL that is not https, does not resolve, points at
     *                        an address the policy refuses, redirects too often or does not answer 200;
     *                        {@code SourceImageSizeExceeded} when the body is larger than the cap
     */
    public byte[] fetch(String field, String url) {
        URI target = parse(field, url);
        for (int hop = 0; hop <= maxRedirects; hop++) {
            String host = host(field, target);
            List<InetAddress> vetted = vet(field, host);
            OkHttpClient pinned = client.newBuilder().dns(pinnedTo(host, vetted)).build();
            Request request = new Request.Builder().url(target.toString()).header("Accept", "image/*").get().build();
            try (Response response = pinned.newCall(request).execute()) {
                if (response.isRedirect()) {
                    String location = response.header("Location");
                    if (location == null) {
                        throw invalid(field, "redirected without a Location");
                    }
                    target = parse(field, target.resolve(location.strip()).toString());
                    continue;
                }
                if (response.code() != 200) {
                    throw invalid(field, "answered HTTP " + response.code());
                }
                return body(field, response.body());
            } catch (IOException | IllegalArgumentException e) {
                throw invalid(field, "could not be fetched (" + e.getClass().getSimpleName() + ")");
            }
        }
        throw invalid(field, "redirected more than " + maxRedirects + " times");
    }

    private byte[] body(String field, ResponseBody body) throws IOException {
        if (body.contentLength() > maxBytes) {
            throw SourceImage.tooLarge(field, maxBytes);
        }
        try (InputStream in = body.byteStream()) {
            // One byte more than allowed tells "too large" apart from "exactly the cap".
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw SourceImage.tooLarge(field, maxBytes);
            }
            return bytes;
        }
    }

    private URI parse(String field, String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw invalid(field, "is not a valid URL");
        }
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            throw invalid(field, "must be an https:// URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw invalid(field, "must not carry credentials");
        }
        return uri;
    }

    private static String host(String field, URI uri) {
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw invalid(field, "has no host");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return IDN.toASCII(host).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw invalid(field, "has an invalid host name");
        }
    }

    /** Resolves once and refuses the host when any of its addresses is refused (a mixed answer is an attack). */
    private List<InetAddress> vet(String field, String host) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw invalid(field, "names a host that does not resolve");
        }
        if (addresses.length == 0
                || !allowedHosts.contains(host) && !Arrays.stream(addresses).allMatch(policy::allows)) {
            throw invalid(field, "points into a network the horde does not fetch from");
        }
        return List.of(addresses);
    }

    /** OkHttp connects to what this answers: the vetted addresses for the vetted host, nothing for anything else. */
    private static Dns pinnedTo(String host, List<InetAddress> vetted) {
        return hostname -> {
            if (!hostname.equalsIgnoreCase(host)) {
                throw new UnknownHostException(hostname + " was not vetted");
            }
            return vetted;
        };
    }

    private static HordeException invalid(String field, String why) {
        return new HordeException(Rc.SourceImageUrlInvalid, "The URL in " + field + " " + why + ".");
    }
}
