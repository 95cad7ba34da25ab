package org.openhorde.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/** The command line of the rating-community mode ({@code --rating-community ...}). */
final class RatingCommunityOptions {

    static final String USAGE = """
            usage: java -jar bench.jar --rating-community [options]   (a simulated rating community, issue 17)

              --horde-url URL            the gateway (default http://127.0.0.1:8080)
              --raters N                 simulated raters (default 100)
              --ratings-per-rater N      ratings each tries to give (default 40)
              --scripted-share S         share of scripted raters, split over five kinds (default 0.2)
              --dataset ID               the dataset rated (default: the generated sample, whose truth is known)
              --look-ms MIN,MAX          how long an honest rater looks at an image (default 1300,2300)
              --settle SECONDS           wait for the integrity review before reading the result (default 20)
              --seed N                   the community's random seed (default 17)
              --short                    a small community for tests: 25 raters x 16 ratings, 10 s settle
              --json-out FILE            also write the figures as JSON
            """;

    /** The generated sample dataset's id (rating-service's SampleImages). */
    static final UUID SAMPLE_DATASET = UUID.nameUUIDFromBytes("openhorde-sample".getBytes(StandardCharsets.UTF_8));

    record Parsed(RatingCommunityRun.Options run, Path jsonOut) {
    }

    private RatingCommunityOptions() {
    }

    static boolean wanted(String... args) {
        for (String arg : args) {
            if (arg.equals("--rating-community")) {
                return true;
            }
        }
        return false;
    }

    static Parsed parse(String... args) {
        String url = "http://127.0.0.1:8080";
        boolean small = false;
        Integer raters = null;
        Integer perRater = null;
        double scripted = 0.2;
        UUID dataset = SAMPLE_DATASET;
        long lookMin = 1300;
        long lookMax = 2300;
        Integer settle = null;
        long seed = 17;
        Path jsonOut = null;
        for (int i = 0; i < args.length; i++) {
            String key = args[i];
            switch (key) {
                case "--rating-community" -> {
                }
                case "--short" -> small = true;
                case "--horde-url" -> url = value(args, ++i, key);
                case "--raters" -> raters = positive(value(args, ++i, key), key);
                case "--ratings-per-rater" -> perRater = positive(value(args, ++i, key), key);
                case "--scripted-share" -> {
                    scripted = Double.parseDouble(value(args, ++i, key));
                    if (scripted < 0 || scripted > 1) {
                        throw new IllegalArgumentException(key + " is a share between 0 and 1");
                    }
                }
                case "--dataset" -> dataset = UUID.fromString(value(args, ++i, key));
                case "--look-ms" -> {
                    String[] span = value(args, ++i, key).split(",");
                    lookMin = Long.parseLong(span[0].strip());
                    lookMax = span.length > 1 ? Long.parseLong(span[1].strip()) : lookMin;
                    if (lookMin < 0 || lookMax < lookMin) {
                        throw new IllegalArgumentException(key + " is MIN,MAX with 0 <= MIN <= MAX");
                    }
                }
                case "--settle" -> settle = positive(value(args, ++i, key), key);
                case "--seed" -> seed = Long.parseLong(value(args, ++i, key));
                case "--json-out" -> jsonOut = Path.of(value(args, ++i, key));
                default -> throw new IllegalArgumentException("unknown option " + key);
            }
        }
        URI horde = URI.create(url.endsWith("/") ? url : url + "/");
        return new Parsed(new RatingCommunityRun.Options(horde,
                raters != null ? raters : small ? 25 : 100,
                perRater != null ? perRater : small ? 16 : 40,
                scripted, dataset, lookMin, lookMax,
                Duration.ofSeconds(settle != null ? settle : small ? 10 : 20), seed), jsonOut);
    }

    private static String value(String[] args, int i, String key) {
        if (i >= args.length) {
            throw new IllegalArgumentException(key + " needs a value");
        }
        return args[i];
    }

    private static int positive(String text, String key) {
        int n = Integer.parseInt(text);
        if (n <= 0) {
            throw new IllegalArgumentException(key + " must be positive");
        }
        return n;
    }
}
