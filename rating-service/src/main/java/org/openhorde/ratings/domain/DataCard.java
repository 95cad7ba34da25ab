package org.openhorde.ratings.domain;

import java.time.format.DateTimeFormatter;

/**
 * {@code exports/<ts>/datacard.md}: what a researcher needs before using an export — every column, the scales'
 * orientation, the filters applied, how raters are hashed, and that the rater columns are snapshots.
 */
public final class DataCard {

    private DataCard() {
    }

    public static String render(ExportManifest manifest) {
        StringBuilder card = new StringBuilder();
        card.append("# OpenHorde aesthetic ratings — export ").append(manifest.exportId()).append("\n\n");
        card.append("- Created: ").append(DateTimeFormatter.ISO_INSTANT.format(manifest.createdAt())).append('\n');
        card.append("- Rows: ").append(manifest.rows()).append(" (one row per rating; no per-image aggregation)\n");
        card.append("- Schema version: ").append(manifest.schemaVersion()).append('\n');
        card.append("- Location: bucket `").append(manifest.bucket()).append("`, prefix `").append(manifest.prefix())
                .append("`; the same files at `/api/v1/download/<name>` while this is the latest export\n");
        card.append("- Parts: ").append(manifest.parts().size())
                .append(", each as Parquet (uncompressed) and JSONL with the same rows and columns; sizes and "
                        + "SHA-256 checksums in `manifest.json`\n\n");

        card.append("## Scales\n\n");
        card.append("- `rating`: **1 = dislike … 10 = like** (higher is better).\n");
        card.append("- `artifacts`: **0 = flawless … 5 = garbage** (higher is worse), or null when not given. "
                + "The two scales run in opposite directions.\n\n");

        card.append("## Filters applied\n\n");
        card.append(manifest.filters().description()).append("\n\n");

        card.append("## Raters\n\n");
        card.append("Raters appear only as `rater_hash`: the hex SHA-256 of `<salt>:<user id>`, where the salt is this "
                + "horde's secret export salt; every anonymous rater shares the hash of `<salt>:anonymous`. The hash is "
                + "stable across ratings and exports of one horde, so ratings can be grouped and filtered per rater, "
                + "but user ids cannot be recovered without the salt. No usernames, IP addresses or countries are "
                + "exported.\n\n");
        card.append("Every `rater_*` column is a **snapshot of the rater at the moment of the rating**, never updated "
                + "afterwards. Use them to filter out raters you do not trust (new accounts, few images generated, "
                + "untrusted, unknown clients, ratings seconds apart). Ratings are human judgements and may be noisy; "
                + "aim for several ratings per image (`image_times_rated`).\n\n");

        card.append("## Columns\n\n");
        card.append("| Column | Type | Null | Meaning |\n|---|---|---|---|\n");
        for (ExportColumns.Column column : manifest.columns()) {
            card.append("| `").append(column.name()).append("` | ").append(column.type()).append(" | ")
                    .append(column.nullable() ? "yes" : "no").append(" | ")
                    .append(column.meaning().replace("|", "\\|")).append(" |\n");
        }
        card.append("\n## Reading it\n\n");
        card.append("```sql\n-- DuckDB\nSELECT rating, count(*) FROM read_parquet('part-*.parquet') GROUP BY rating;\n```\n\n");
        card.append("```python\nimport pyarrow.parquet as pq\ntable = pq.read_table('part-000001.parquet')\n```\n");
        return card.toString();
    }
}
