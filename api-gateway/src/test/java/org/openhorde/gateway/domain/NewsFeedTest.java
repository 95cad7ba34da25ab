package org.openhorde.gateway.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class NewsFeedTest {

    private final ObjectMapper mapper = new ObjectMapper();

    private NewsFeed.Parsed parse(String json) throws IOException {
        return NewsFeed.parse(json.getBytes(StandardCharsets.UTF_8), mapper);
    }

    @Test
    void piecesComeNewestFirstWithTheAiHordesDefaults() throws IOException {
        NewsFeed.Parsed parsed = parse("""
                [{"date_published":"2026-01-02","newspiece":"older","title":"A"},
                 {"date_published":"2026-03-04","newspiece":"newer","title":"B","importance":"Workers",
                  "tags":["t"],"more_info_urls":["https://example.org"]}]""");
        assertTrue(parsed.problems().isEmpty());
        assertEquals(List.of(
                new NewsPiece("2026-03-04", "newer", "Workers", List.of("t"), "B", List.of("https://example.org")),
                new NewsPiece("2026-01-02", "older", "Information", List.of(), "A", List.of())), parsed.pieces());
    }

    @Test
    void aBrokenPieceIsLeftOutAndNamedTheOthersStay() throws IOException {
        NewsFeed.Parsed parsed = parse("""
                [{"date_published":"06/12/2026","newspiece":"x","title":"bad date"},
                 {"date_published":"2026-12-06","title":"no text"},
                 {"date_published":"2026-12-06","newspiece":"x","title":"bad tags","tags":"one"},
                 "not an object",
                 {"date_published":"2026-12-06","newspiece":"fine","title":"good"}]""");
        assertEquals(List.of("good"), parsed.pieces().stream().map(NewsPiece::title).toList());
        assertEquals(List.of(
                "piece 0: 'date_published' must be a date like 2026-12-06",
                "piece 1: 'newspiece' must be a non-empty string",
                "piece 2: 'tags' must be a list of strings",
                "piece 3: not an object"), parsed.problems());
    }

    @Test
    void aFileThatIsNoArrayIsRefusedWhole() {
        assertThrows(IOException.class, () -> parse("{\"date_published\":\"2026-12-06\"}"));
        assertThrows(IOException.class, () -> parse("[{\"title\":"));
    }
}
