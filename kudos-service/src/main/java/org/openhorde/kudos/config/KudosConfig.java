package org.openhorde.kudos.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The kudos-service's business knobs. Amounts are centikudos. */
@ConfigMapping(prefix = "horde.kudos")
public interface KudosConfig {

    /** Secret mixed into every API key hash; each installation sets its own. */
    String apiKeySalt();

    /** The operator's API key (an admin user, id 1). Absent: no operator account exists. */
    Optional<String> operatorApiKey();

    /** The anonymous user's permanent balance: the lowest priority in the queue (AI Horde: −50). */
    @WithDefault("-5000")
    long anonymousBalance();

    /** A registered user's balance never goes below this (seed rule: 0). */
    @WithDefault("0")
    long registeredFloor();

    /** How many images a registered user may have waiting at once (AI Horde default 30). */
    @WithDefault("30")
    int defaultConcurrency();

    /** The anonymous user's concurrency, shared by everyone without a key (AI Horde: 500). */
    @WithDefault("500")
    int anonymousConcurrency();

    /** Percent of a generation reward held in escrow while the worker's owner is not trusted (AI Horde: 50). */
    @WithDefault("50")
    int escrowPercent();

    /**
     * An untrusted owner becomes trusted once their escrow holds more than this (centikudos; AI Horde:
     * {@code KUDOS_TRUST_THRESHOLD})...
     */
    @WithDefault("500000")
    long trustThreshold();

    /** ...and their account is at least this old (AI Horde: 7 days). */
    @WithDefault("7d")
    Duration trustMinAge();
}
