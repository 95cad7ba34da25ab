package org.openhorde.contracts.internal;

import java.util.List;

/**
 * Gateway → storage-service: presigned download URLs for several stored source images at once (the sources of the
 * forms one interrogation pop hands out), answered as {@link ObjectUrls} in this order.
 */
public record SourceImageKeys(List<String> imageKeys) {
}
