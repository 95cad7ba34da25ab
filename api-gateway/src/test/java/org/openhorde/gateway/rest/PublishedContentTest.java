package org.openhorde.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * News and documents: the gateway's own texts until the operator's files appear (this module's test profile points
 * at {@code target/operator-content/}), then the operator's, picked up without a restart; a broken news file never
 * empties the feed.
 */
@QuarkusTest
class PublishedContentTest {

    private static final Path OPERATOR = Path.of("target/operator-content");
    private static final AtomicLong WRITES = new AtomicLong();

    @AfterEach
    void removeOperatorFiles() throws IOException {
        Files.deleteIfExists(OPERATOR.resolve("news.json"));
        Files.deleteIfExists(OPERATOR.resolve("terms.md"));
    }

    @Test
    void theOperatorsNewsReplacesTheShippedNewsAndABrokenFileKeepsTheLastGood() throws IOException {
        given().get("/api/v2/status/news").then().statusCode(200)
                .body("[0].title", equalTo("News and documents"))
                .body("[0].importance", equalTo("Information"))
                .body("[0].more_info_urls", hasSize(0));

        write("news.json", """
                [{"date_published":"2026-11-30","newspiece":"Second","title":"Older"},
                 {"date_published":"2026-12-01","newspiece":"First","title":"Newer","tags":["ops"]},
                 {"date_published":"yesterday","newspiece":"dropped","title":"Broken"}]""");
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                given().get("/api/v2/status/news").then().statusCode(200)
                        .body("", hasSize(2))
                        .body("[0].title", equalTo("Newer"))
                        .body("[0].date_published", equalTo("2026-12-01"))
                        .body("[0].tags[0]", equalTo("ops"))
                        .body("[1].newspiece", equalTo("Second")));

        write("news.json", "[{\"title\": ");
        // the broken file is read at the next look; the feed must still be the last good one after it
        Awaitility.await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                given().get("/api/v2/status/news").then().statusCode(200).body("", hasSize(2)));
    }

    @Test
    void documentsComeInBothFormatsAndTheOperatorsCopyWins() throws IOException {
        given().get("/api/v2/documents/terms").then().statusCode(200)
                .body("html", containsString("<h1>OpenHorde terms of service</h1>"))
                .body("markdown", nullValue());
        given().get("/api/v2/documents/privacy?format=markdown").then().statusCode(200)
                .body("markdown", containsString("# OpenHorde privacy policy"))
                .body("html", nullValue());
        given().get("/api/v2/documents/sponsors?format=html").then().statusCode(200)
                .body("html", not(containsString("{horde_title}")));
        given().get("/api/v2/documents/terms?format=pdf").then().statusCode(400)
                .body("rc", equalTo("BadRequest"))
                .body("message", equalTo("'format' needs to be one of ['html', 'markdown']"));

        write("terms.md", "# Our rules\n\nBe kind to {horde_title}.\n\n<b>raw</b>");
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                given().get("/api/v2/documents/terms").then().statusCode(200)
                        .body("html", equalTo("<h1>Our rules</h1>\n<p>Be kind to OpenHorde.</p>\n"
                                + "<p>&lt;b&gt;raw&lt;/b&gt;</p>\n")));
        given().get("/api/v2/documents/terms?format=markdown").then().statusCode(200)
                .body("markdown", equalTo("# Our rules\n\nBe kind to OpenHorde.\n\n<b>raw</b>"));
    }

    private static void write(String name, String content) throws IOException {
        Files.createDirectories(OPERATOR);
        Path file = OPERATOR.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        // a rewrite within the file system's timestamp granularity must still count as a change
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(WRITES.incrementAndGet())));
    }
}
