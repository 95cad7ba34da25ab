package org.openhorde.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.openhorde.contracts.SampleDatasetTruth;

/**
 * A simulated rating community over the public API (issue 17, decision 0034): honest raters, whose rating is a
 * noisy function of each image's hidden true score (the sample dataset's declared truth) and who look at an image
 * for a second or two, and scripted raters of five kinds — uniform random, constant, copying the shown average,
 * very fast clickers and a colluding group. It then reads what the horde kept: every rated image's accepted ratings
 * ({@code GET /api/v1/image/ratings/{id}}, the same rows the export carries) and every scripted rater's kudos.
 */
final class RatingCommunityRun {

    enum Kind { HONEST, RANDOM, CONSTANT, COPY_AVERAGE, FAST_CLICKER, COLLUDER }

    record Options(URI horde, int raters, int ratingsPerRater, double scriptedShare, UUID dataset, long lookMinMillis,
                   long lookMaxMillis, Duration settle, long seed) {
    }

    /** One simulated rater: who they are, what they gave, and at the end what was kept and earned. */
    static final class Rater {
        final Kind kind;
        final Random random;
        final double bias;
        final double noise;
        final int constant;
        String apikey;
        long id;
        String alias;
        double kudosBefore;
        double kudosAfter;
        final Map<UUID, Integer> given = new LinkedHashMap<>();
        int kept;

        Rater(Kind kind, Random random) {
            this.kind = kind;
            this.random = random;
            this.bias = random.nextDouble() - 0.5;
            this.noise = 0.5 + random.nextDouble();
            this.constant = 5 + random.nextInt(4);
        }
    }

    record KindFigures(String kind, int raters, long given, long kept, double keptShare, double kudosHarvested) {
    }

    record RaterFigures(String alias, long id, String kind, int given, int kept) {
    }

    record CommunityReport(int raters, int scriptedRaters, long honestGiven, long honestKept, double honestKeptShare,
                           long scriptedGiven, long scriptedKept, double scriptedExportedShare,
                           double scriptedKudosHarvested, double honestKudosEarned, boolean goalMet,
                           List<KindFigures> kinds, List<RaterFigures> raterFigures, List<UUID> images,
                           long errors, long retries, double seconds) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLIENT_AGENT = "openhorde-bench:1:rating-community";

    private final Options options;
    private final Progress progress;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong ratingsGiven = new AtomicLong();
    private final Set<UUID> rated = ConcurrentHashMap.newKeySet();
    /** The colluding group's scripted score per image: agreed among themselves, unrelated to the image. */
    private final long collusionSecret;

    RatingCommunityRun(Options options, Progress progress) {
        this.options = options;
        this.progress = progress;
        this.collusionSecret = new Random(options.seed() ^ 0x5eed).nextLong();
    }

    CommunityReport run() throws Exception {
        long start = System.nanoTime();
        List<Rater> raters = community();
        progress.note("rating community: " + raters.size() + " raters x " + options.ratingsPerRater()
                + " ratings on dataset " + options.dataset());
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(raters.size(), 128));
        List<Future<?>> running = new ArrayList<>();
        for (Rater rater : raters) {
            // Each rater registers on their own thread, as people arrive: a serial registration of the whole
            // community cost most of a short run.
            running.add(pool.submit(() -> {
                register(rater);
                rate(rater);
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        pool.shutdown();
        progress.note("rating community: " + ratingsGiven.get() + " ratings given; letting the review settle ("
                + options.settle().toSeconds() + " s)");
        Thread.sleep(options.settle().toMillis());
        Map<UUID, Set<String>> accepted = acceptedRaters();
        for (Rater rater : raters) {
            for (UUID image : rater.given.keySet()) {
                if (accepted.getOrDefault(image, Set.of()).contains(rater.alias)) {
                    rater.kept++;
                }
            }
            rater.kudosAfter = kudos(rater.apikey);
        }
        return report(raters, (System.nanoTime() - start) / 1e9);
    }

    private List<Rater> community() {
        Random seeds = new Random(options.seed());
        int scripted = (int) Math.round(options.raters() * options.scriptedShare());
        List<Kind> kinds = new ArrayList<>();
        Kind[] scriptedKinds = {Kind.RANDOM, Kind.CONSTANT, Kind.COPY_AVERAGE, Kind.FAST_CLICKER, Kind.COLLUDER};
        for (int i = 0; i < scripted; i++) {
            kinds.add(scriptedKinds[i % scriptedKinds.length]);
        }
        while (kinds.size() < options.raters()) {
            kinds.add(Kind.HONEST);
        }
        Collections.shuffle(kinds, seeds);
        List<Rater> raters = new ArrayList<>();
        for (Kind kind : kinds) {
            raters.add(new Rater(kind, new Random(seeds.nextLong())));
        }
        return raters;
    }

    private void register(Rater rater) throws IOException, InterruptedException {
        String name = "rc-" + rater.kind.name().toLowerCase(Locale.ROOT).replace('_', '-') + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        JsonNode issued = send("POST", "/api/v2/register", null, "{\"username\":\"" + name + "\"}", 201);
        rater.apikey = issued.path("api_key").asText();
        JsonNode user = send("GET", "/api/v2/find_user", rater.apikey, null, 200);
        rater.id = user.path("id").asLong();
        rater.alias = user.path("username").asText();
        rater.kudosBefore = user.path("kudos").asDouble();
    }

    private void rate(Rater rater) throws InterruptedException {
        for (int n = 0; n < options.ratingsPerRater(); n++) {
            try {
                JsonNode next = send("GET", "/api/v1/rating/new/" + options.dataset(), rater.apikey, null, 200);
                UUID image = UUID.fromString(next.path("id").asText());
                if (rater.given.containsKey(image)) {
                    continue; // a person skips an image they already rated
                }
                Integer artifacts = null;
                int score;
                int truth = SampleDatasetTruth.score(image);
                switch (rater.kind) {
                    case HONEST -> {
                        look(rater);
                        score = noisy(rater, truth);
                        if (rater.random.nextBoolean()) {
                            artifacts = clamp((int) Math.round((10 - truth) / 2.0 + rater.random.nextGaussian()), 0, 5);
                        }
                    }
                    case RANDOM -> {
                        look(rater);
                        score = 1 + rater.random.nextInt(10);
                        artifacts = rater.random.nextInt(6);
                    }
                    case CONSTANT -> {
                        look(rater);
                        score = rater.constant;
                        artifacts = 0;
                    }
                    case COPY_AVERAGE -> {
                        look(rater);
                        JsonNode figures = send("GET", "/api/v1/image/ratings/" + image, null, null, 200);
                        score = figures.path("times_rated").asInt() > 0
                                ? clamp((int) Math.round(figures.path("average").asDouble()), 1, 10)
                                : 1 + rater.random.nextInt(10);
                    }
                    // Clicks as soon as the image arrives: a glance's worth of signal, no time to look.
                    case FAST_CLICKER -> score = noisy(rater, truth);
                    case COLLUDER -> {
                        look(rater);
                        long mixed = (image.getLeastSignificantBits() ^ collusionSecret) * 0x9E3779B97F4A7C15L;
                        score = 1 + (int) Math.floorMod(mixed >>> 7, 10L);
                    }
                    default -> throw new IllegalStateException();
                }
                String body = artifacts == null ? "{\"rating\":" + score + "}"
                        : "{\"rating\":" + score + ",\"artifacts\":" + artifacts + "}";
                send("POST", "/api/v1/rating/" + image, rater.apikey, body, 200);
                rater.given.put(image, score);
                rated.add(image);
                ratingsGiven.incrementAndGet();
            } catch (IOException e) {
                errors.incrementAndGet();
            }
        }
    }

    private void look(Rater rater) throws InterruptedException {
        long span = options.lookMaxMillis() - options.lookMinMillis();
        Thread.sleep(options.lookMinMillis() + (span <= 0 ? 0 : (long) (rater.random.nextDouble() * span)));
    }

    private static int noisy(Rater rater, int truth) {
        return clamp((int) Math.round(truth + rater.bias + rater.random.nextGaussian() * rater.noise), 1, 10);
    }

    private static int clamp(int value, int min, int max) {
        return Math.max(min, Math.min(max, value));
    }

    /** Who is among each rated image's accepted ratings: what the export and the averages hold. */
    private Map<UUID, Set<String>> acceptedRaters() throws IOException, InterruptedException {
        Map<UUID, Set<String>> accepted = new HashMap<>();
        for (UUID image : rated) {
            JsonNode figures = send("GET", "/api/v1/image/ratings/" + image, null, null, 200);
            Set<String> names = new HashSet<>();
            for (JsonNode r : figures.path("ratings")) {
                names.add(r.path("username").asText());
            }
            accepted.put(image, names);
        }
        return accepted;
    }

    private double kudos(String apikey) {
        try {
            return send("GET", "/api/v2/find_user", apikey, null, 200).path("kudos").asDouble();
        } catch (IOException | InterruptedException e) {
            errors.incrementAndGet();
            return Double.NaN;
        }
    }

    private CommunityReport report(List<Rater> raters, double seconds) {
        List<KindFigures> kinds = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            List<Rater> of = raters.stream().filter(r -> r.kind == kind).toList();
            if (of.isEmpty()) {
                continue;
            }
            long given = of.stream().mapToLong(r -> r.given.size()).sum();
            long kept = of.stream().mapToLong(r -> r.kept).sum();
            double kudos = of.stream().mapToDouble(r -> r.kudosAfter - r.kudosBefore).sum();
            kinds.add(new KindFigures(kind.name().toLowerCase(Locale.ROOT), of.size(), given, kept,
                    given == 0 ? 0 : kept / (double) given, kudos));
        }
        long honestGiven = 0;
        long honestKept = 0;
        long scriptedGiven = 0;
        long scriptedKept = 0;
        double scriptedKudos = 0;
        double honestKudos = 0;
        int scripted = 0;
        List<RaterFigures> figures = new ArrayList<>();
        for (Rater r : raters) {
            figures.add(new RaterFigures(r.alias, r.id, r.kind.name().toLowerCase(Locale.ROOT), r.given.size(), r.kept));
            if (r.kind == Kind.HONEST) {
                honestGiven += r.given.size();
                honestKept += r.kept;
                honestKudos += r.kudosAfter - r.kudosBefore;
            } else {
                scripted++;
                scriptedGiven += r.given.size();
                scriptedKept += r.kept;
                scriptedKudos += r.kudosAfter - r.kudosBefore;
            }
        }
        double honestShare = honestGiven == 0 ? 0 : honestKept / (double) honestGiven;
        double scriptedShare = scriptedGiven == 0 ? 0 : scriptedKept / (double) scriptedGiven;
        return new CommunityReport(raters.size(), scripted, honestGiven, honestKept, honestShare, scriptedGiven,
                scriptedKept, scriptedShare, scriptedKudos, honestKudos,
                honestShare >= 0.99 && scriptedShare <= 0.01, kinds, figures, new ArrayList<>(rated), errors.get(),
                retries.get(), seconds);
    }

    static String render(CommunityReport report) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%nRating community: %d raters (%d scripted), %.0f s%n", report.raters(),
                report.scriptedRaters(), report.seconds()));
        out.append(String.format(Locale.ROOT, "%-14s %7s %8s %8s %8s %10s%n", "kind", "raters", "given", "kept",
                "kept %", "kudos"));
        for (KindFigures k : report.kinds()) {
            out.append(String.format(Locale.ROOT, "%-14s %7d %8d %8d %7.1f%% %10.0f%n", k.kind(), k.raters(),
                    k.given(), k.kept(), k.keptShare() * 100, k.kudosHarvested()));
        }
        out.append(String.format(Locale.ROOT, "honest ratings kept (accepted, exported): %.2f%% (goal >= 99%%)%n",
                report.honestKeptShare() * 100));
        out.append(String.format(Locale.ROOT, "scripted ratings exported: %.2f%% (goal <= 1%%)%n",
                report.scriptedExportedShare() * 100));
        out.append(String.format(Locale.ROOT, "kudos harvested by scripted raters: %.0f (honest raters earned %.0f)%n",
                report.scriptedKudosHarvested(), report.honestKudosEarned()));
        out.append(String.format(Locale.ROOT, "goal met: %s; request errors: %d (after %d retries)%n",
                report.goalMet() ? "yes" : "no", report.errors(), report.retries()));
        return out.toString();
    }

    /** One retry after a second: a busy machine's timeout is counted, not allowed to end a rater's session. */
    private JsonNode send(String method, String path, String apikey, String body, int expected)
            throws IOException, InterruptedException {
        try {
            return sendOnce(method, path, apikey, body, expected);
        } catch (IOException first) {
            retries.incrementAndGet();
            Thread.sleep(1000);
            return sendOnce(method, path, apikey, body, expected);
        }
    }

    private JsonNode sendOnce(String method, String path, String apikey, String body, int expected)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(options.horde().resolve(path))
                .timeout(Duration.ofSeconds(30)).header("Client-Agent", CLIENT_AGENT);
        if (apikey != null) {
            request.header("apikey", apikey);
        }
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IOException(method + " " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return JSON.readTree(response.body());
    }
}
