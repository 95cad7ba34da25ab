package org.openhorde.contracts.internal;

import java.util.List;

/** Presigned URLs in the order of the request's job ids, and how long they stay valid. */
public record ObjectUrls(List<String> urls, int expiresInSeconds) {
}
