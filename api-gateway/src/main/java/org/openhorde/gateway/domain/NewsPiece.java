package org.openhorde.gateway.domain;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** One piece of the horde's news, in the AI Horde's {@code Newspiece} shape. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record NewsPiece(String datePublished, String newspiece, String importance, List<String> tags, String title,
                        List<String> moreInfoUrls) {
}
