package org.openhorde.contracts.internal;

/**
 * A request's {@code style} field as the gateway hands it to job-service at intake: a style or collection id or
 * name, and the request's type ({@code image} or {@code text}). job-service answers with the style to apply (a
 * collection's member picked at random) and counts the use.
 */
public record StyleUse(String reference, String type) {
}
