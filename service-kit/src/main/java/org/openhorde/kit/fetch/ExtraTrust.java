package org.openhorde.kit.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS trust of source URL fetching when the operator names a store of extra certificates
 * (storage-service's {@code horde.storage.sources.trust-store}, rating-service's
 * {@code horde.ratings.imports.trust-store}): a server is trusted when the JVM's CAs or that store vouch for it.
 */
final class ExtraTrust {

    private ExtraTrust() {
    }

    static SourceFetcher.TrustedTls withJvmCas(Path store, String password) {
        try {
            KeyStore extra = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                extra.load(in, password.toCharArray());
            }
            X509TrustManager jvm = trustManager(null);
            X509TrustManager operator = trustManager(extra);
            X509TrustManager either = new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                    jvm.checkClientTrusted(chain, authType);
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                    try {
                        operator.checkServerTrusted(chain, authType);
                    } catch (CertificateException notTheOperators) {
                        jvm.checkServerTrusted(chain, authType);
                    }
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return Stream.of(jvm.getAcceptedIssuers(), operator.getAcceptedIssuers()).flatMap(Stream::of)
                            .toArray(X509Certificate[]::new);
                }
            };
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {either}, null);
            return new SourceFetcher.TrustedTls(context, either);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("the trust store " + store + " cannot be read", e);
        }
    }

    private static X509TrustManager trustManager(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X509 trust manager");
    }
}
