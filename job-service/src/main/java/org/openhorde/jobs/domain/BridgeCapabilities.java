package org.openhorde.jobs.domain;

/**
 * What a worker's software can do, read from its {@code bridge_agent} ({@code name:version:url}), for the features
 * older bridges do not understand. The AI Horde keeps a table of capabilities by bridge name and version
 * ({@code bridge_reference.py}); this horde needs only the one below so far.
 */
public final class BridgeCapabilities {

    /** The AI Horde's official worker; it takes extra source images from its version 5 on. */
    static final String REGEN = "AI Horde Worker reGen";
    static final int REGEN_EXTRA_SOURCE_IMAGES = 5;
    /** This horde's own reference worker (module {@code worker}), which accepts them in every version. */
    static final String REFERENCE_WORKER = "OpenHorde Reference Worker";

    private BridgeCapabilities() {
    }

    /**
     * Whether the worker can take a remix's {@code extra_source_images} (AI Horde capability
     * {@code extra_source_images}). Any other bridge, or an unreadable agent, cannot: it would silently drop them.
     */
    public static boolean extraSourceImages(String bridgeAgent) {
        if (bridgeAgent == null) {
            return false;
        }
        String[] parts = bridgeAgent.split(":", 3);
        if (parts.length < 2) {
            return false;
        }
        if (parts[0].equals(REFERENCE_WORKER)) {
            return true;
        }
        return parts[0].equals(REGEN) && majorVersion(parts[1]) >= REGEN_EXTRA_SOURCE_IMAGES;
    }

    /** The leading number of a version such as {@code 10.1.2}; -1 when there is none. */
    private static int majorVersion(String version) {
        int end = 0;
        while (end < version.length() && end < 9 && Character.isDigit(version.charAt(end))) {
            end++;
        }
        return end == 0 ? -1 : Integer.parseInt(version.substring(0, end));
    }
}
