package org.openhorde.gateway.domain;

/**
 * The routes with limits of their own (the AI Horde's {@code @limiter.limit} decorators), and whether a timed-out IP
 * is refused on them (the AI Horde checks requests and worker pops). Routes not named here get the default limit.
 */
public enum LimitedRoute {
    GENERATE_ASYNC(true),
    INTERROGATE_ASYNC(true),
    GENERATE_CHECK(false),
    GENERATE_STATUS(false),
    TEXT_STATUS(false),
    INTERROGATE_STATUS(false),
    GENERATE_RATE(false),
    WORKER_POP(true),
    WORKER_SUBMIT(false),
    USER_DETAILS(false),
    WORKER_CHANGE(false),
    KUDOS_TRANSFER(false),
    MODES_CHANGE(false),
    /** Never limited: the heartbeat load balancers and monitors poll. */
    EXEMPT(false);

    private final boolean refusesTimedOutIp;

    LimitedRoute(boolean refusesTimedOutIp) {
        this.refusesTimedOutIp = refusesTimedOutIp;
    }

    public boolean refusesTimedOutIp() {
        return refusesTimedOutIp;
    }
}
