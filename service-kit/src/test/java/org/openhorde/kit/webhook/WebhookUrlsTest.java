package org.openhorde.kit.webhook;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Pins which webhook URLs are accepted: https with a host, 10 to 1024 characters; http only when allowed. */
class WebhookUrlsTest {

    @Test
    void httpsWithAHostOfBoundedLength() {
        assertTrue(WebhookUrls.acceptable("https://example.com/hook", false));
        assertFalse(WebhookUrls.acceptable("https://", false));
        assertFalse(WebhookUrls.acceptable("https:// spaced.example/x", false));
        assertFalse(WebhookUrls.acceptable("https://example.com/" + "a".repeat(1010), false));
        assertFalse(WebhookUrls.acceptable(null, false));
    }

    @Test
    void plainHttpOnlyWhenAllowed() {
        assertFalse(WebhookUrls.acceptable("http://example.com/hook", false));
        assertTrue(WebhookUrls.acceptable("http://example.com/hook", true));
        assertFalse(WebhookUrls.acceptable("ftp://example.com/hook", true));
    }
}
