package org.openhorde.storage.domain;

/** What the storage-service found where a delivered job's image should be. */
public enum ImageState {
    /** The object exists. */
    STORED,
    /** The worker reported a delivery but no object is there (the upload failed, or the worker lied). */
    MISSING
}
