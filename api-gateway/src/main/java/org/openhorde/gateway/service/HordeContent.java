package org.openhorde.gateway.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.openhorde.gateway.config.ContentConfig;
import org.openhorde.gateway.domain.HordeDocument;
import org.openhorde.gateway.domain.NewsFeed;
import org.openhorde.gateway.domain.NewsPiece;

/**
 * The news and documents the gateway serves, read from the operator's files on a timer (a worker thread), so that a
 * request only reads what is already in memory. Each file is read again when its modification time changes; a file
 * that cannot be read or parsed leaves the last good content in place and is logged, so an operator's slip never
 * empties the feed. Without operator files (none configured, or a file removed) the gateway serves its own copies
 * (classpath {@code content/}), as it would after a restart.
 */
@Startup
@ApplicationScoped
public class HordeContent {

    private static final Logger LOG = Logger.getLogger(HordeContent.class);
    private static final String SHIPPED = "content/";

    /** A document ready to serve in both formats. */
    public record Document(String markdown, String html) {
    }

    private final ContentConfig config;
    private final ObjectMapper mapper;
    private final Map<String, String> placeholders;

    private final List<NewsPiece> shippedNews;
    private final Map<HordeDocument, Document> shippedDocuments;
    private volatile List<NewsPiece> news;
    private volatile Map<HordeDocument, Document> documents;
    private final Map<Path, FileTime> lastSeen = new java.util.HashMap<>();

    /** What a look at an operator file found. */
    private interface Look {
        record Unchanged() implements Look {
        }

        record Gone() implements Look {
        }

        record Changed(byte[] bytes) implements Look {
        }
    }

    HordeContent(ContentConfig config, ObjectMapper mapper) {
        this.config = config;
        this.mapper = mapper;
        this.placeholders = Map.of("horde_title", config.hordeTitle(), "horde_url", config.hordeUrl(),
                "horde_contact_email", config.hordeContactEmail());
        shippedNews = readShippedNews();
        Map<HordeDocument, Document> shipped = new EnumMap<>(HordeDocument.class);
        for (HordeDocument document : HordeDocument.values()) {
            shipped.put(document, render(shippedText(document.fileName())));
        }
        shippedDocuments = Map.copyOf(shipped);
        news = shippedNews;
        documents = shippedDocuments;
        reload();
    }

    public List<NewsPiece> news() {
        return news;
    }

    public Document document(HordeDocument document) {
        return documents.get(document);
    }

    /** Looks at the operator's files again; only changed ones are read. */
    @Scheduled(every = "${horde.gateway.content.reload-interval:PT1M}", concurrentExecution =
            Scheduled.ConcurrentExecution.SKIP)
    synchronized void reload() {
        config.newsFile().ifPresent(file -> {
            Look look = look(file);
            if (look instanceof Look.Gone) {
                news = shippedNews;
            } else if (look instanceof Look.Changed changed) {
                try {
                    NewsFeed.Parsed parsed = NewsFeed.parse(changed.bytes(), mapper);
                    parsed.problems().forEach(problem -> LOG.warnf("news file %s: %s (left out)", file, problem));
                    news = parsed.pieces();
                    LOG.infof("news file %s: %d pieces", file, parsed.pieces().size());
                } catch (IOException e) {
                    LOG.errorf("news file %s is not a JSON array of news pieces (%s): the last good news stays",
                            file, e.getMessage());
                }
            }
        });
        config.documentsDirectory().ifPresent(directory -> {
            Map<HordeDocument, Document> next = new EnumMap<>(documents);
            for (HordeDocument document : HordeDocument.values()) {
                Look look = look(directory.resolve(document.fileName()));
                if (look instanceof Look.Gone) {
                    next.put(document, shippedDocuments.get(document));
                } else if (look instanceof Look.Changed changed) {
                    next.put(document, render(new String(changed.bytes(), StandardCharsets.UTF_8)));
                }
            }
            if (!next.equals(documents)) {
                documents = next;
            }
        });
    }

    private Look look(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                if (lastSeen.remove(file) != null) {
                    LOG.warnf("%s is gone: the gateway's own copy is served again", file);
                    return new Look.Gone();
                }
                return new Look.Unchanged();
            }
            FileTime modified = Files.getLastModifiedTime(file);
            if (modified.equals(lastSeen.get(file))) {
                return new Look.Unchanged();
            }
            byte[] bytes = Files.readAllBytes(file);
            lastSeen.put(file, modified);
            return new Look.Changed(bytes);
        } catch (IOException e) {
            LOG.errorf("cannot read %s (%s): its last content stays", file, e.getMessage());
            return new Look.Unchanged();
        }
    }

    private Document render(String markdown) {
        String filled = HordeDocument.fillIn(markdown, placeholders);
        return new Document(filled, HordeDocument.toHtml(filled));
    }

    private List<NewsPiece> readShippedNews() {
        try {
            NewsFeed.Parsed parsed = NewsFeed.parse(shippedText("news.json").getBytes(StandardCharsets.UTF_8),
                    mapper);
            if (!parsed.problems().isEmpty()) {
                throw new IllegalStateException("the shipped news has problems: " + parsed.problems());
            }
            return parsed.pieces();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String shippedText(String name) {
        try (InputStream in = HordeContent.class.getClassLoader().getResourceAsStream(SHIPPED + name)) {
            if (in == null) {
                throw new IllegalStateException("the gateway ships " + SHIPPED + name + " but it is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
