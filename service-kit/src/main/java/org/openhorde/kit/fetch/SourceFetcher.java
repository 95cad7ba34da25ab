package org.openhorde.kit.fetch;

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
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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

/**
 * Fetches a source image a client gave as a URL, without letting the horde become a proxy into its own network:
 * https only; the host is resolved once here and every address is vetted by the {@link AddressPolicy} before any
 * connection; the connection then goes to exactly those vetted addresses (no second DNS lookup that a rebinding DNS
 * server could answer differently); redirects are followed by hand, at most a few, each target vetted the same way;
 * no proxy; connect, read and total timeouts; the size cap is enforced while the body streams in, whatever
 * {@code Content-Length} claims. Blocking: call it on a worker thread.
 *
 * <p>One fetcher for every URL the horde is given to fetch: storage-service's img2img sources, rating-service's
 * dataset imports (decision 0040).
 */
public class SourceFetcher {

    private final AddressPolicy policy;
    private final OkHttpClient client;
    private final int maxBytes;
    private final int maxRedirects;
    /** Hosts the operator allows whatever they resolve to (an own image host on a private network, a test server). */
    private final Set<String> allowedHosts = new HashSet<>();

    /**
     * @param tls the TLS context and its trust manager, or null for the JVM's default trust (tests trust a local
     *            self-signed certificate through this)
     */
    public SourceFetcher(AddressPolicy policy, TrustedTls tls, int maxBytes, int maxRedirects, Duration connectTimeout,
                         Duration readTimeout, Duration callTimeout) {
        this(policy, tls, List.of(), maxBytes, maxRedirects, connectTimeout, readTimeout, callTimeout);
    }

    /** @param allowedHosts host names (as written in URLs) fetched whatever addresses they resolve to */
    public SourceFetcher(AddressPolicy policy, TrustedTls tls, Collection<String> allowedHosts, int maxBytes,
                         int maxRedirects, Duration connectTimeout, Duration readTimeout, Duration callTimeout) {
        this.policy = policy;
        this.maxBytes = maxBytes;
        this.maxRedirects = maxRedirects;
        allowedHosts.stream().map(host -> host.strip().toLowerCase(Locale.ROOT)).filter(host -> !host.isEmpty())
                .forEach(this.allowedHosts::add);
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

    /**
     * The TLS trust for an operator's store of extra certificates (a private CA, a test's self-signed certificate)
     * besides the JVM's CAs; null (the JVM's CAs only) without one.
     */
    public static TrustedTls trust(Optional<String> trustStore, Optional<String> password) {
        return trustStore.map(store -> ExtraTrust.withJvmCas(Path.of(store), password.orElse(""))).orElse(null);
    }

    /** The largest body this fetcher accepts, in bytes. */
    public int maxBytes() {
        return maxBytes;
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
        return fetch(field, url, "image/*");
    }

    /** As {@link #fetch(String, String)}, asking for {@code accept} (a dataset manifest is not an image). */
    public byte[] fetch(String field, String url, String accept) {
        URI target = parse(field, url);
        for (int hop = 0; hop <= maxRedirects; hop++) {
            String host = host(field, target);
            List<InetAddress> vetted = vet(field, host);
            OkHttpClient pinned = client.newBuilder().dns(pinnedTo(host, vetted)).build();
            Request request = new Request.Builder().url(target.toString()).header("Accept", accept).get().build();
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
            throw tooLarge(field);
        }
        try (InputStream in = body.byteStream()) {
            // One byte more than allowed tells "too large" apart from "exactly the cap".
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw tooLarge(field);
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

    private HordeException tooLarge(String field) {
        return new HordeException(Rc.SourceImageSizeExceeded, field + " is larger than " + maxBytes + " bytes.");
    }

    private static HordeException invalid(String field, String why) {
        return new HordeException(Rc.SourceImageUrlInvalid, "The URL in " + field + " " + why + ".");
    }
}
