package org.openhorde.gateway.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * Which token buckets one request draws from: the limits of its route, each keyed as the AI Horde keys it (by
 * client IP and endpoint, by IP and exact path, or by API key and exact path). Pure: the Redis script takes the
 * buckets it names.
 */
public final class RateLimitPlan {

    /** The AI Horde's anonymous key; a request without a key counts as it too. */
    public static final String ANONYMOUS_KEY = "0000000000";

    /** One bucket: its Redis key (under the caller's prefix) and its size and refill period. */
    public record Bucket(String key, RateLimit limit) {
    }

    /** Who asks for what. {@code keyIdentity} is a fingerprint of the API key, never the key itself. */
    public record Call(String clientIp, String method, String path, String endpoint, boolean anonymous,
                       String keyIdentity) {
    }

    private RateLimitPlan() {
    }

    public static boolean isAnonymous(String apikey) {
        return apikey == null || apikey.isBlank() || ANONYMOUS_KEY.equals(apikey.strip());
    }

    public static List<Bucket> buckets(List<RateLimit> limits, Call call) {
        List<Bucket> buckets = new ArrayList<>(limits.size());
        for (RateLimit limit : limits) {
            String subject = switch (limit.scope()) {
                case IP -> call.clientIp() + "@" + call.endpoint();
                case IP_PATH -> call.clientIp() + "@" + call.method() + "@" + call.path();
                case APIKEY_PATH -> call.anonymous() ? null : call.keyIdentity() + "@" + call.method() + "@" + call.path();
                case ANONYMOUS_APIKEY_PATH -> call.anonymous() ? "anonymous@" + call.method() + "@" + call.path() : null;
            };
            if (subject != null) {
                // The limit is part of the key: "90/minute" and "2/second" on the same subject are two buckets.
                buckets.add(new Bucket(limit.count() + "/" + limit.periodMillis() + ":" + subject, limit));
            }
        }
        return buckets;
    }
}
