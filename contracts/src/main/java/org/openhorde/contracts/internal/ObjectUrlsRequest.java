package org.openhorde.contracts.internal;

import java.util.List;
import java.util.UUID;

/** Gateway → storage-service: presigned URLs for these jobs' generation objects. */
public record ObjectUrlsRequest(List<UUID> jobIds) {
}
