package org.openhorde.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The operator's published content: the news feed ({@code /status/news}) and the horde's documents
 * ({@code /documents/terms|privacy|sponsors}). Both are plain files the operator edits (on Kubernetes a ConfigMap
 * mounted into the gateway), read again when they change; without them the gateway serves the texts it ships.
 */
@ConfigMapping(prefix = "horde.gateway.content")
public interface ContentConfig {

    /** A JSON array of news pieces in the AI Horde's {@code news.json} shape; absent = the news the gateway ships. */
    Optional<Path> newsFile();

    /**
     * A directory holding {@code terms.md}, {@code privacy.md} and {@code sponsors.md}; a document missing there is
     * served from the gateway's own copy.
     */
    Optional<Path> documentsDirectory();

    /** How often the files are looked at again (the AI Horde caches its news for 300 s). */
    @WithDefault("PT1M")
    Duration reloadInterval();

    /** Put in place of {@code {horde_title}} in the documents. */
    @WithDefault("OpenHorde")
    String hordeTitle();

    /** Put in place of {@code {horde_url}}: where people reach this horde. */
    @WithDefault("http://127.0.0.1:8080")
    String hordeUrl();

    /** Put in place of {@code {horde_contact_email}}: where the operator reads mail about the documents. */
    @WithDefault("operator@openhorde.invalid")
    String hordeContactEmail();
}
