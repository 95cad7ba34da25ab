package org.openhorde.gateway.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openhorde.contracts.ObjectKeys;
import org.openhorde.contracts.internal.ObjectUrls;
import org.openhorde.contracts.internal.SourceKeys;
import org.openhorde.contracts.internal.SourceUrls;
import org.openhorde.gateway.config.ObjectStoreConfig;

/**
 * Pins the URLs the gateway signs itself (decision 0018) against the real S3 store, as workers and clients use them:
 * a worker uploads to its pop's URL, a client downloads the same bytes from its status's URL, a worker fetches a
 * request's source image, mask and extra source images; none of it asks storage-service, which does not run here.
 */
@QuarkusTest
class PresignedUrlsTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Inject
    PresignedUrls urls;

    @Inject
    ObjectStoreConfig config;

    @Test
    void aWorkerUploadsToItsPopsUrlAndAClientDownloadsTheSameBytes() throws Exception {
        MinioClient store = store();
        ensureBucket(store, config.buckets().generations());
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        ObjectUrls uploads = urls.uploads(List.of(first, second));
        assertEquals(1800, uploads.expiresInSeconds());
        assertTrue(uploads.urls().get(0).contains("/" + config.buckets().generations() + "/" + first + ".webp?"),
                uploads.urls().get(0));
        byte[] image = ("an image of job " + second).getBytes(StandardCharsets.UTF_8);
        assertEquals(200, send(HttpRequest.newBuilder(URI.create(uploads.urls().get(1)))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(image)).build()).statusCode());

        HttpResponse<byte[]> download = send(HttpRequest.newBuilder(
                URI.create(urls.downloads(List.of(second)).urls().get(0))).GET().build());
        assertEquals(200, download.statusCode());
        assertArrayEquals(image, download.body());
        // A signature is no key to anything else: the upload URL of one job does not read another's.
        assertEquals(403, send(HttpRequest.newBuilder(URI.create(uploads.urls().get(1).replace(second.toString(),
                first.toString()))).GET().build()).statusCode());
    }

    @Test
    void aWorkerFetchesTheRequestsSourcesFromTheUrlsOfItsPop() throws Exception {
        MinioClient store = store();
        ensureBucket(store, config.buckets().sources());
        UUID requestId = UUID.randomUUID();
        List<String> keys = List.of(ObjectKeys.sourceImage(requestId), ObjectKeys.sourceMask(requestId),
                ObjectKeys.extraSourceImage(requestId, 0));
        for (String key : keys) {
            byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
            store.putObject(PutObjectArgs.builder().bucket(config.buckets().sources()).object(key)
                    .stream(new ByteArrayInputStream(bytes), bytes.length, -1).contentType("image/webp").build());
        }

        SourceUrls sources = urls.sources(new SourceKeys(keys.get(0), keys.get(1), List.of(keys.get(2))));
        assertArrayEquals(keys.get(0).getBytes(StandardCharsets.UTF_8), get(sources.imageUrl()));
        assertArrayEquals(keys.get(1).getBytes(StandardCharsets.UTF_8), get(sources.maskUrl()));
        assertArrayEquals(keys.get(2).getBytes(StandardCharsets.UTF_8), get(sources.extraUrls().get(0)));
        // Without a mask or extra images, there are none to hand out.
        SourceUrls plain = urls.sources(new SourceKeys(keys.get(0), null));
        assertNull(plain.maskUrl());
        assertEquals(List.of(), plain.extraUrls());
    }

    private MinioClient store() {
        return MinioClient.builder().endpoint(config.endpoint()).region(config.region())
                .credentials(config.accessKey(), config.secretKey()).build();
    }

    private static void ensureBucket(MinioClient store, String bucket) throws Exception {
        if (!store.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
            store.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
        }
    }

    private static byte[] get(String url) throws Exception {
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(URI.create(url)).GET().build());
        assertEquals(200, response.statusCode(), url);
        return response.body();
    }

    private static HttpResponse<byte[]> send(HttpRequest request) throws Exception {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }
}
