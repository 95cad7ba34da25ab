package org.openhorde.storage.service;

import io.minio.http.Method;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.ObjectKeys;
import org.openhorde.contracts.Rc;
import org.openhorde.contracts.internal.SourceKeys;
import org.openhorde.contracts.internal.SourceUpload;
import org.openhorde.contracts.internal.SourceUrls;
import org.openhorde.kit.fetch.SourceFetcher;
import org.openhorde.storage.config.StorageConfig;
import org.openhorde.storage.domain.SourceImage;
import org.openhorde.storage.repository.ObjectStore;
import org.openhorde.storage.repository.RetainedObjectRepository;

/**
 * Source images and masks of img2img and inpainting requests, and the extra source images of remix requests:
 * checked, stored in the sources bucket before the request is published, kept while the request lives, and handed to
 * the worker that pops it as presigned URLs.
 */
@ApplicationScoped
public class SourceService {

    private static final Pattern SOURCE_KEY =
            Pattern.compile("[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}_(src|msk|exra_src_[0-4])\\.webp");
    /** The AI Horde's most extra source images per request; the gateway refuses more before they get here. */
    private static final int MAX_EXTRA_IMAGES = 5;

    private final ObjectStore store;
    private final SourceFetcher fetcher;
    private final RetainedObjectRepository retained;
    private final Pool pool;
    private final StorageConfig config;

    SourceService(ObjectStore store, SourceFetcher fetcher, RetainedObjectRepository retained, Pool pool,
                  StorageConfig config) {
        this.store = store;
        this.fetcher = fetcher;
        this.retained = retained;
        this.pool = pool;
        this.config = config;
    }

    /** Checks and stores the request's sources; the keys go into the request's spec. */
    public Uni<SourceKeys> store(UUID requestId, SourceUpload upload) {
        if (upload.image() == null || upload.image().isBlank()) {
            if (upload.mask() != null) {
                return Uni.createFrom().failure(new HordeException(Rc.SourceMaskUnnecessary,
                        "A source_mask needs a source_image."));
            }
            return Uni.createFrom().failure(new HordeException(Rc.BadRequest, "source_image is required."));
        }
        if (upload.extras().size() > MAX_EXTRA_IMAGES) {
            return Uni.createFrom().failure(new HordeException(Rc.TooManyExtraSourceImages,
                    "You can send a maximum of " + MAX_EXTRA_IMAGES + " extra source images."));
        }
        String imageKey = ObjectKeys.sourceImage(requestId);
        String maskKey = upload.mask() == null ? null : ObjectKeys.sourceMask(requestId);
        List<String> extraKeys = new ArrayList<>();
        for (int i = 0; i < upload.extras().size(); i++) {
            extraKeys.add(ObjectKeys.extraSourceImage(requestId, i));
        }
        // Fetching and decoding block and take real time: on a worker thread, like the uploads that follow.
        return Uni.createFrom().item(() -> {
                    SourceImage image = read("source_image", upload.image());
                    if (upload.maskInAlpha() && !image.alpha()) {
                        // The AI Horde checks this on the decoded source, as it stores it; so do we, before storing.
                        throw new HordeException(Rc.InpaintingMissingMask, "Image validation failed. Inpainting"
                                + " requests must either include a mask, or an alpha channel.");
                    }
                    SourceImage mask = upload.mask() == null ? null : read("source_mask", upload.mask());
                    // Extra source images pass the same checks as the source image (size, resolution, format, URL).
                    List<SourceImage> extras = new ArrayList<>();
                    for (int i = 0; i < upload.extras().size(); i++) {
                        extras.add(read("extra_source_images." + i + ".image", upload.extras().get(i)));
                    }
                    return new StoredSources(image, mask, extras);
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                // Recorded for the retention sweep first: an object is never written without its row.
                .call(() -> {
                    List<String> keys = new ArrayList<>(List.of(imageKey));
                    if (maskKey != null) {
                        keys.add(maskKey);
                    }
                    keys.addAll(extraKeys);
                    // One statement, no BEGIN/COMMIT round trips: it is atomic on its own (decision 0045).
                    return retained.keep(pool, bucket(), keys, requestId, null, config.retention());
                })
                .flatMap(images -> {
                    Uni<Void> stored = store.put(bucket(), imageKey, images.image().bytes(),
                            images.image().format().contentType());
                    if (images.mask() != null) {
                        stored = stored.chain(() -> store.put(bucket(), maskKey, images.mask().bytes(),
                                images.mask().format().contentType()));
                    }
                    for (int i = 0; i < extraKeys.size(); i++) {
                        String key = extraKeys.get(i);
                        SourceImage extra = images.extras().get(i);
                        stored = stored.chain(() -> store.put(bucket(), key, extra.bytes(),
                                extra.format().contentType()));
                    }
                    return stored.replaceWith(new SourceKeys(imageKey, maskKey, List.copyOf(extraKeys),
                            images.image().width(), images.image().height()));
                });
    }

    /**
     * Presigned download URLs for the worker that popped the request (the pop is activity: the sources are kept
     * longer). Sources that are no longer stored are a 404, never a URL to nothing.
     */
    public Uni<SourceUrls> downloadUrls(SourceKeys keys) {
        List<String> wanted = new ArrayList<>();
        wanted.add(checkedKey("imageKey", keys.imageKey()));
        if (keys.maskKey() != null) {
            wanted.add(checkedKey("maskKey", keys.maskKey()));
        }
        if (keys.extraKeys().size() > MAX_EXTRA_IMAGES) {
            throw new HordeException(Rc.BadRequest, "at most " + MAX_EXTRA_IMAGES + " extraImageKeys");
        }
        keys.extraKeys().forEach(key -> wanted.add(checkedKey("extraImageKeys", key)));
        // One statement: it needs no transaction of its own (decision 0045).
        return retained.touch(pool, bucket(), wanted, config.retention())
                .map(kept -> {
                    if (!kept.containsAll(wanted)) {
                        throw new HordeException(Rc.ThingNotFound, "The source images " + wanted
                                + " are no longer stored.");
                    }
                    String mask = keys.maskKey() == null ? null : presign(keys.maskKey());
                    List<String> extras = keys.extraKeys().stream().map(this::presign).toList();
                    return new SourceUrls(presign(keys.imageKey()), mask,
                            (int) config.presignedUrlValidity().toSeconds(), extras);
                });
    }

    private SourceImage read(String field, String value) {
        int maxBytes = config.sources().maxBytes();
        byte[] bytes = SourceImage.isUrl(value) ? fetcher.fetch(field, value)
                : SourceImage.decodeBase64(field, value, maxBytes);
        return SourceImage.read(field, bytes, config.sources().maxSide());
    }

    private String presign(String key) {
        return store.presign(Method.GET, bucket(), key, config.presignedUrlValidity());
    }

    private static String checkedKey(String field, String key) {
        if (key == null || !SOURCE_KEY.matcher(key).matches()) {
            throw new HordeException(Rc.BadRequest, field + " must be a source object key (<request id>_src.webp"
                    + ", <request id>_msk.webp or <request id>_exra_src_<0-4>.webp)");
        }
        return key;
    }

    /** A request's decoded sources, between checking them and storing them. */
    private record StoredSources(SourceImage image, SourceImage mask, List<SourceImage> extras) {
    }

    private String bucket() {
        return config.buckets().sources();
    }
}
