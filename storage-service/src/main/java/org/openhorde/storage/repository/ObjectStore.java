package org.openhorde.storage.repository;

import io.minio.BucketExistsArgs;
import io.minio.CopyObjectArgs;
import io.minio.CopySource;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.http.Method;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.openhorde.contracts.HordeException;
import org.openhorde.contracts.Rc;
import org.openhorde.kit.storage.ObjectUrlSigner;
import org.openhorde.storage.domain.StoredObject;

/**
 * The S3 store, through the MinIO client. Its calls block, so each runs on a worker thread and never on the event
 * loop, and answers on the caller's context; presigning is local computation (the clients know their region) and
 * runs in place.
 */
@ApplicationScoped
public class ObjectStore {

    private final MinioClient minio;
    private final ObjectUrlSigner presigner;

    public ObjectStore(MinioClient minio, ObjectUrlSigner presigner) {
        this.minio = minio;
        this.presigner = presigner;
    }

    /** The object's size and content type, or empty when there is no such object. */
    public Uni<Optional<StoredObject>> stat(String bucket, String key) {
        return blocking(() -> {
            try {
                StatObjectResponse stat = minio.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
                return Optional.of(new StoredObject(stat.size(), stat.contentType()));
            } catch (ErrorResponseException e) {
                if ("NoSuchKey".equals(e.errorResponse().code())) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    public Uni<Void> put(String bucket, String key, byte[] bytes, String contentType) {
        return blocking(() -> minio.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1).contentType(contentType).build()))
                .replaceWithVoid();
    }

    /** The object's bytes, or empty when there is no such object. */
    public Uni<Optional<byte[]>> get(String bucket, String key) {
        return blocking(() -> {
            try (GetObjectResponse object = minio.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
                return Optional.of(object.readAllBytes());
            } catch (ErrorResponseException e) {
                if ("NoSuchKey".equals(e.errorResponse().code())) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    /** Copies inside the store (no bytes pass through this service); overwriting an earlier copy is harmless. */
    public Uni<Void> copy(String fromBucket, String key, String toBucket, String toKey) {
        return blocking(() -> minio.copyObject(CopyObjectArgs.builder().bucket(toBucket).object(toKey)
                .source(CopySource.builder().bucket(fromBucket).object(key).build()).build()))
                .replaceWithVoid();
    }

    /** Deletes the object; deleting one that is already gone succeeds, as in S3. */
    public Uni<Void> remove(String bucket, String key) {
        return blocking(() -> {
            minio.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
            return null;
        }).replaceWithVoid();
    }

    public Uni<Boolean> bucketExists(String bucket) {
        return blocking(() -> minio.bucketExists(BucketExistsArgs.builder().bucket(bucket).build()));
    }

    /** Creates the bucket unless it exists; true when this call created it. Safe when several instances race. */
    public Uni<Boolean> ensureBucket(String bucket) {
        return blocking(() -> {
            if (minio.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                return false;
            }
            try {
                minio.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
                return true;
            } catch (ErrorResponseException e) {
                // Another instance created it between our check and our create.
                if ("BucketAlreadyOwnedByYou".equals(e.errorResponse().code())) {
                    return false;
                }
                throw e;
            }
        });
    }

    /** A URL that lets its holder {@code method} the object without credentials until it expires. */
    public String presign(Method method, String bucket, String key, Duration validity) {
        return presigner.sign(method, bucket, key, validity);
    }

    /**
     * Runs a MinIO call on a worker thread; a store that does not answer properly is a 503 for our callers. The
     * result is delivered back on the caller's Vert.x context when it has one, so that database work chained after
     * a store call stays on its connection's context.
     */
    private static <T> Uni<T> blocking(Callable<T> call) {
        return Uni.createFrom().deferred(() -> {
            Context caller = Vertx.currentContext();
            Uni<T> onWorker = Uni.createFrom().item(() -> {
                        try {
                            return call.call();
                        } catch (Exception e) {
                            throw new HordeException(Rc.ServiceUnavailable, "Object storage is unavailable: " + e);
                        }
                    })
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
            return caller == null ? onWorker
                    : onWorker.emitOn(command -> caller.runOnContext(ignored -> command.run()));
        });
    }
}
