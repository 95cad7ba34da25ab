package org.openhorde.gateway.domain;

import java.util.Map;
import java.util.Optional;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * The horde's documents, written in Markdown by the operator, served as the AI Horde serves its own: {@code {html}}
 * or {@code {markdown}}. The AI Horde keeps HTML templates and derives the Markdown; here the Markdown is the source
 * and the HTML is rendered from it, with raw HTML in the source escaped, so a document can never carry a script.
 */
public enum HordeDocument {
    TERMS("terms"),
    PRIVACY("privacy"),
    SPONSORS("sponsors");

    private static final Parser MARKDOWN = Parser.builder().build();
    private static final HtmlRenderer HTML = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build();

    private final String name;

    HordeDocument(String name) {
        this.name = name;
    }

    /** The document's name in its route and its file: {@code terms} → {@code terms.md}. */
    public String documentName() {
        return name;
    }

    public String fileName() {
        return name + ".md";
    }

    public static Optional<HordeDocument> named(String name) {
        for (HordeDocument document : values()) {
            if (document.name.equals(name)) {
                return Optional.of(document);
            }
        }
        return Optional.empty();
    }

    /** The operator's placeholders ({@code {horde_title}} ...) replaced by this horde's values. */
    public static String fillIn(String markdown, Map<String, String> values) {
        String filled = markdown;
        for (Map.Entry<String, String> value : values.entrySet()) {
            filled = filled.replace("{" + value.getKey() + "}", value.getValue());
        }
        return filled;
    }

    public static String toHtml(String markdown) {
        return HTML.render(MARKDOWN.parse(markdown));
    }

    /** The two formats the AI Horde offers ({@code ?format=}); anything else is a 400. */
    public enum Format {
        HTML, MARKDOWN;

        public static Optional<Format> named(String name) {
            if (name == null || name.isBlank()) {
                return Optional.of(HTML);
            }
            // exactly as the AI Horde spells them: "HTML" is refused there too
            return switch (name) {
                case "html" -> Optional.of(HTML);
                case "markdown" -> Optional.of(MARKDOWN);
                default -> Optional.empty();
            };
        }
    }
}
