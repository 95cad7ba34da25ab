package org.openhorde.gateway.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HordeDocumentTest {

    @Test
    void placeholdersAreFilledAndMarkdownBecomesHtml() {
        String markdown = HordeDocument.fillIn("# {horde_title} terms\n\nWrite to {horde_contact_email}.",
                Map.of("horde_title", "Test Horde", "horde_contact_email", "ops@example.org"));
        assertEquals("# Test Horde terms\n\nWrite to ops@example.org.", markdown);
        assertEquals("<h1>Test Horde terms</h1>\n<p>Write to ops@example.org.</p>\n", HordeDocument.toHtml(markdown));
    }

    @Test
    void rawHtmlAndScriptLinksInADocumentAreNeverPassedThrough() {
        String html = HordeDocument.toHtml("<script>alert(1)</script>\n\n[click](javascript:alert(1))");
        assertFalse(html.contains("<script>"), html);
        assertTrue(html.contains("&lt;script&gt;"), html);
        assertFalse(html.contains("javascript:"), html);
    }

    @Test
    void formatsAreTheAiHordesTwoSpelledAsThere() {
        assertEquals(Optional.of(HordeDocument.Format.HTML), HordeDocument.Format.named(null));
        assertEquals(Optional.of(HordeDocument.Format.MARKDOWN), HordeDocument.Format.named("markdown"));
        assertEquals(Optional.empty(), HordeDocument.Format.named("HTML"));
        assertEquals(Optional.empty(), HordeDocument.Format.named("pdf"));
    }
}
