package org.openhorde.contracts.internal;

/** Gateway → job-service: the authenticated owner pops as one of their workers. */
public record WorkerPop(long ownerUserId, String ownerAlias, boolean ownerTrusted, PopRequest pop) {
}
