package org.openhorde.kit.webhook;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Which webhook URLs a request may name: https (the AI Horde's rule; plain http only where the operator allows it,
 * for test receivers), 10 to 1024 characters (the AI Horde's column), and a URL with a host. Pure, so that the
 * gateway's intake and the senders judge alike.
 */
public final class WebhookUrls {

    public static final int MIN_LENGTH = 10;
    public static final int MAX_LENGTH = 1024;

    private WebhookUrls() {
    }

    public static boolean acceptable(String webhook, boolean allowHttp) {
        if (webhook == null || webhook.length() < MIN_LENGTH || webhook.length() > MAX_LENGTH) {
            return false;
        }
        if (!webhook.startsWith("https://") && !(allowHttp && webhook.startsWith("http://"))) {
            return false;
        }
        try {
            URI uri = new URI(webhook);
            return uri.getHost() != null && !uri.getHost().isBlank();
        } catch (URISyntaxException notAUrl) {
            return false;
        }
    }

    /** The message of a refused webhook, naming what is allowed. */
    public static String rule(boolean allowHttp) {
        return (allowHttp ? "an http:// or https://" : "an https://") + " URL of " + MIN_LENGTH + " to " + MAX_LENGTH
                + " characters";
    }
}
