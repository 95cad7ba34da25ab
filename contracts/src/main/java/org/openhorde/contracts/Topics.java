package org.openhorde.contracts;

/**
 * Kafka topic names shared by every service.
 *
 * <p>Each service may put an environment prefix in front of them (configuration key {@code horde.topic-prefix}) so
 * that a test run and a running horde can share one broker without reading each other's events; the names
 * themselves never change.
 */
public final class Topics {

    /** An image request was accepted by the gateway (the gateway answers 202 only after this was acknowledged). */
    public static final String JOBS_SUBMITTED = "horde.jobs.submitted";
    /** A worker claimed one or more jobs (images) of a request. */
    public static final String JOBS_CLAIMED = "horde.jobs.claimed";
    /** A claimed job went back to the queue: its worker reported a fault or did not deliver in time. */
    public static final String JOBS_REQUEUED = "horde.jobs.requeued";
    /** A job reached a terminal outcome: delivered, censored, faulted, cancelled or expired. */
    public static final String JOBS_COMPLETED = "horde.jobs.completed";
    /** An interrogation was accepted (interrogation-service's outbox, in the transaction that stored it). */
    public static final String INTERROGATIONS_SUBMITTED = "horde.interrogations.submitted";
    /**
     * A worker popped interrogation forms ({@code InterrogationFormsPopped}, interrogation-service's outbox):
     * storage-service keeps their sources and records the post-processors' images for its retention sweep.
     */
    public static final String INTERROGATIONS_FORMS_POPPED = "horde.interrogations.forms-popped";
    /** An interrogation form was delivered or cancelled while processing: kudos-service settles it. */
    public static final String INTERROGATIONS_FORM_COMPLETED = "horde.interrogations.form-completed";
    /** A generated image was verified in object storage. */
    public static final String IMAGES_STORED = "horde.images.stored";
    public static final String IMAGES_SHARED = "horde.images.shared";
    /**
     * A rating was stored with its rater snapshot and decision ({@code RatingRecorded}, rating-service's outbox);
     * kudos-service pays accepted ones.
     */
    public static final String RATINGS_RECORDED = "horde.ratings.recorded";
    /** Ledger postings, for read models: one {@code KudosPosted} per ledger event. */
    public static final String KUDOS_POSTED = "horde.kudos.posted";
    /**
     * A user's trust, roles, limits or API key changed, or the user was deleted ({@code UserChanged}): every gateway
     * replica evicts the user from its verified-key cache.
     */
    public static final String USERS_CHANGED = "horde.users.changed";
    /** A worker earned an uptime reward (job-service sees the check-ins; kudos-service pays). */
    public static final String WORKERS_UPTIME_REWARDED = "horde.workers.uptime-rewarded";
    /** The researchers' feed: accepted ratings, self-contained and schema-versioned ({@code RatingExported}). */
    public static final String RATINGS_EXPORT = "horde.ratings.export";

    private Topics() {
    }
}
