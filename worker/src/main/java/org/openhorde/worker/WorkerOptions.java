package org.openhorde.worker;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A worker's settings, named after the AI Horde worker's bridge settings ({@code max_threads}, {@code queue_size},
 * {@code max_batch} as {@code amount}...). Defaults are the AI Horde's pop parser defaults unless noted. One worker
 * is either an image worker ("dreamer") or an interrogation worker ("alchemist"), as in the AI Horde.
 */
public record WorkerOptions(
        String type,
        List<String> forms,
        int maxTiles,
        double secondsPerForm,
        URI hordeUrl,
        String apiKey,
        String name,
        List<String> models,
        int maxThreads,
        int queueSize,
        int amount,
        long maxPixels,
        boolean nsfw,
        List<String> priorityUsernames,
        List<String> blacklist,
        boolean allowImg2img,
        boolean allowPainting,
        boolean allowUnsafeIpaddr,
        boolean allowPostProcessing,
        boolean allowControlnet,
        boolean allowSdxlControlnet,
        boolean allowLora,
        boolean extraSlowWorker,
        String backend,
        double megapixelstepsPerSecond,
        Duration popInterval,
        Duration maxBackoff,
        String bridgeUrl,
        int maxLength,
        int maxContextLength,
        List<String> softprompts,
        double tokensPerSecond,
        Path settingsFile,
        int consolePort,
        String consoleBind,
        Duration consoleRefresh) {

    /** The AI Horde caps one pop's batch at 20 images and a worker's threads at 50. */
    static final int MAX_AMOUNT = 20;
    static final int MAX_THREADS = 50;
    static final String PROCEDURAL = "procedural";
    static final String IMAGE = "image";
    static final String INTERROGATION = "interrogation";
    /** A text worker ("scribe"), the KoboldAI side of the horde. */
    static final String TEXT = "text";
    /** The AI Horde's pop defaults for a scribe. */
    static final int DEFAULT_MAX_LENGTH = 512;
    static final int DEFAULT_MAX_CONTEXT_LENGTH = 2048;
    /**
     * The simulator's model name: it names no parameter count on purpose, so the horde prices it as a model of
     * unknown size (the simulator is no 7B or 13B model and must not earn like one).
     */
    static final String DEFAULT_TEXT_MODEL = "openhorde/text-simulator";
    /** The AI Horde accepts up to 100 threads on an interrogation pop. */
    static final int MAX_INTERROGATION_THREADS = 100;
    /**
     * Interrogation defaults: "it actually benefits more from high threads and high queue_sizes" (the AI Horde's
     * announcement, which ran its alchemist with {@code --max_threads=5 --queue_size=5}).
     */
    static final int INTERROGATION_THREADS = 5;
    static final int INTERROGATION_QUEUE = 5;
    /** The AI Horde's pop parser default for {@code max_tiles} (its swagger says 16). */
    static final int DEFAULT_MAX_TILES = 80;
    /** Options that only mean something to an image worker. */
    private static final List<String> IMAGE_ONLY = List.of("models", "max-pixels", "nsfw", "blacklist",
            "allow-img2img", "allow-painting", "allow-unsafe-ipaddr", "allow-post-processing", "allow-controlnet",
            "allow-sdxl-controlnet", "allow-lora", "extra-slow-worker", "backend", "mps");
    private static final List<String> INTERROGATION_ONLY = List.of("forms", "max-tiles", "form-seconds");
    private static final List<String> TEXT_ONLY = List.of("max-length", "max-context-length", "softprompts",
            "tokens-per-second");
    /** What a scribe shares with an image worker: the rest of {@link #IMAGE_ONLY} is the image worker's own. */
    private static final List<String> TEXT_AND_IMAGE = List.of("models", "nsfw", "blacklist");
    /** The third part of {@code bridge_agent}: where people find this worker's code. */
    static final String DEFAULT_BRIDGE_URL = "https://github.com/openhorde/openhorde";

    static final String USAGE = """
            usage: java -jar worker.jar --api-key KEY --name NAME [options]

              --type image|interrogation|text  what this worker does (default image); an interrogation worker
                                       ("alchemist") captions, judges NSFW, tags and post-processes images; a
                                       text worker ("scribe") writes text
              --horde-url URL          AI Horde-compatible server (default http://127.0.0.1:8080)
              --api-key KEY            the worker owner's API key (or --api-key-file FILE)
              --name NAME              worker name, unique horde-wide; the first pop creates the worker
              --models A,B             models this worker serves (default stable_diffusion)
              --max-threads N          jobs generated in parallel (default 1)
              --queue-size N           jobs fetched ahead of the free threads (default 1)
              --amount N               images one pop may claim from one request, 1-20 (default 1)
              --max-pixels N           largest width x height accepted (default 1048576)
              --nsfw true|false        accept NSFW requests (default true)
              --priority-usernames A   comma-separated alias#id whose requests come first
              --blacklist W            comma-separated words this worker refuses in prompts
              --allow-img2img, --allow-painting, --allow-unsafe-ipaddr, --allow-post-processing,
              --allow-controlnet, --allow-sdxl-controlnet, --allow-lora  true|false (AI Horde defaults)
              --extra-slow-worker true|false
              --backend procedural     the image backend; "procedural" is a SIMULATOR (no model, no GPU)
              --mps X                  throttle the simulator to X megapixelsteps per second (default 0: no limit)
              --pop-interval SECONDS   wait after an empty pop (default 1, as the AI Horde worker)
              --max-backoff SECONDS    longest wait while the horde is unreachable (default 30)
              --bridge-url URL         third part of bridge_agent
              --settings FILE          JSON file of the settings the web console may change (max_threads,
                                       queue_size, models or forms...); read at start, where its values win over
                                       the command line's, and rewritten by every change made in the console
              --console-port P         serve the web console on port P (default: no console)
              --console-bind ADDRESS   the console's address (default 127.0.0.1: this machine only)
              --console-refresh SECONDS  how often the console asks the horde for the owner's and the worker's
                                       details (default 30)

            interrogation workers (--type interrogation) take instead of the image options:
              --forms A,B              forms served (default: all the analyser simulator knows: caption, nsfw,
                                       interrogation, every upscaler and face fixer, strip_background)
              --max-threads N          forms analysed in parallel (default 5)
              --queue-size N           forms fetched ahead of the free threads (default 5)
              --amount N               most forms one pop may claim, 1-20 (default: as many as slots are free)
              --max-tiles N            largest source in 512x512 tiles, 1-256 (default 80)
              --form-seconds X         simulated model time per form (default 0)

            text workers (--type text) take --models, --nsfw, --blacklist, --max-threads, --queue-size, --amount and:
              --max-length N           most tokens it generates per job (default 512)
              --max-context-length N   most tokens of prompt it reads (default 2048)
              --softprompts A,B        soft prompts it has loaded
              --tokens-per-second X    throttle the text SIMULATOR to X tokens per second (default 0: no limit)
            The text backend is a SIMULATOR: deterministic text of the requested length from the prompt and seed,
            no language model.
            """;

    public static WorkerOptions parse(String... args) {
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String key = args[i];
            if (!key.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + key + "'");
            }
            if (key.contains("=")) {
                given.put(key.substring(2, key.indexOf('=')), key.substring(key.indexOf('=') + 1));
            } else if (i + 1 < args.length) {
                given.put(key.substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException(key + " needs a value");
            }
        }
        Settings s = new Settings(given);
        String type = s.text("type", IMAGE);
        if (!IMAGE.equals(type) && !INTERROGATION.equals(type) && !TEXT.equals(type)) {
            throw new IllegalArgumentException("--type must be image, interrogation or text, not '" + type + "'");
        }
        boolean interrogation = INTERROGATION.equals(type);
        boolean text = TEXT.equals(type);
        List<String> notForThisType = new java.util.ArrayList<>();
        if (!IMAGE.equals(type)) {
            IMAGE_ONLY.stream().filter(option -> !(text && TEXT_AND_IMAGE.contains(option)))
                    .forEach(notForThisType::add);
        }
        if (!interrogation) {
            notForThisType.addAll(INTERROGATION_ONLY);
        }
        if (!text) {
            notForThisType.addAll(TEXT_ONLY);
        }
        for (String option : notForThisType) {
            if (s.isGiven(option)) {
                throw new IllegalArgumentException("--" + option + " is not for a worker of --type " + type);
            }
        }
        String apiKey = s.text("api-key", null);
        String apiKeyFile = s.text("api-key-file", null);
        if (apiKey == null && apiKeyFile != null) {
            try {
                apiKey = Files.readString(Path.of(apiKeyFile)).strip();
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read --api-key-file " + apiKeyFile + ": " + e.getMessage());
            }
        }
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("--api-key (or --api-key-file) is required");
        }
        String name = s.text("name", null);
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("--name is required");
        }
        String backend = s.text("backend", PROCEDURAL);
        if (!PROCEDURAL.equals(backend)) {
            throw new IllegalArgumentException("unknown --backend '" + backend + "' (available: procedural)");
        }
        List<String> forms = s.list("forms", SimulatedAnalyser.ALL_FORMS);
        for (String form : forms) {
            if (!SimulatedAnalyser.ALL_FORMS.contains(form)) {
                throw new IllegalArgumentException("unknown form '" + form + "' (available: "
                        + String.join(", ", SimulatedAnalyser.ALL_FORMS) + ")");
            }
        }
        WorkerOptions options = new WorkerOptions(
                type,
                List.copyOf(new java.util.LinkedHashSet<>(forms)),
                s.integer("max-tiles", DEFAULT_MAX_TILES, 1, 256),
                s.decimal("form-seconds", 0),
                hordeBase(s.text("horde-url", "http://127.0.0.1:8080")),
                apiKey, name.strip(),
                s.list("models", List.of(text ? DEFAULT_TEXT_MODEL : "stable_diffusion")),
                s.integer("max-threads", interrogation ? INTERROGATION_THREADS : 1, 1,
                        interrogation ? MAX_INTERROGATION_THREADS : MAX_THREADS),
                s.integer("queue-size", interrogation ? INTERROGATION_QUEUE : 1, 0, 100),
                // 0 for an interrogation worker: each pop asks for as many forms as it has free slots
                s.integer("amount", interrogation ? 0 : 1, 1, MAX_AMOUNT),
                s.integer("max-pixels", 1024 * 1024, 64 * 64, Integer.MAX_VALUE),
                s.flag("nsfw", true),
                s.list("priority-usernames", List.of()),
                s.list("blacklist", List.of()),
                s.flag("allow-img2img", true),
                s.flag("allow-painting", true),
                s.flag("allow-unsafe-ipaddr", true),
                s.flag("allow-post-processing", true),
                s.flag("allow-controlnet", false),
                s.flag("allow-sdxl-controlnet", false),
                s.flag("allow-lora", false),
                s.flag("extra-slow-worker", false),
                backend,
                s.decimal("mps", 0),
                s.seconds("pop-interval", 1),
                s.seconds("max-backoff", 30),
                s.text("bridge-url", DEFAULT_BRIDGE_URL),
                s.integer("max-length", DEFAULT_MAX_LENGTH, 1, 1_048_576),
                s.integer("max-context-length", DEFAULT_MAX_CONTEXT_LENGTH, 1, 1_048_576),
                s.list("softprompts", List.of()),
                s.decimal("tokens-per-second", 0),
                settingsFile(s.text("settings", null)),
                s.integer("console-port", 0, 1, 65535),
                s.text("console-bind", "127.0.0.1").strip(),
                s.seconds("console-refresh", 30));
        s.rejectUnknown();
        if (interrogation && options.forms().isEmpty()) {
            throw new IllegalArgumentException("--forms needs at least one form");
        }
        if (options.consoleRefresh().compareTo(Duration.ofMillis(100)) < 0) {
            throw new IllegalArgumentException("--console-refresh must be at least 0.1 s");
        }
        if (options.consoleBind().isEmpty()) {
            throw new IllegalArgumentException("--console-bind needs an address");
        }
        if (options.models().isEmpty()) {
            throw new IllegalArgumentException("--models needs at least one model");
        }
        return options;
    }

    public boolean interrogation() {
        return INTERROGATION.equals(type);
    }

    public boolean text() {
        return TEXT.equals(type);
    }

    /** Jobs this worker holds at most: one per thread plus the prefetched queue (the AI Horde worker's rule). */
    public int jobsInHandLimit() {
        return maxThreads + queueSize;
    }

    /** {@code name:version:url}, the shape the AI Horde reads bridge capabilities from. */
    public String bridgeAgent(String version) {
        return "OpenHorde Reference Worker:" + version + ":" + bridgeUrl;
    }

    /** Whether the web console is asked for ({@code --console-port}). */
    public boolean console() {
        return consolePort > 0;
    }

    private static Path settingsFile(String file) {
        if (file == null) {
            return null;
        }
        if (file.isBlank()) {
            throw new IllegalArgumentException("--settings needs a file name");
        }
        return Path.of(file.strip());
    }

    /** Accepts the server root or its {@code /api/v2} base, as users copy either. */
    static URI hordeBase(String url) {
        String base = url.strip();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        if (base.endsWith("/api/v2")) {
            base = base.substring(0, base.length() - "/api/v2".length());
        }
        URI uri = URI.create(base);
        if (uri.getScheme() == null || uri.getHost() == null
                || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
            throw new IllegalArgumentException("--horde-url must be an http(s) URL, not '" + url + "'");
        }
        return uri;
    }

    /** Reads each setting once, so that a misspelt option is an error instead of a silently ignored default. */
    private static final class Settings {
        private final Map<String, String> given;

        Settings(Map<String, String> given) {
            this.given = new LinkedHashMap<>(given);
        }

        boolean isGiven(String key) {
            return given.containsKey(key);
        }

        String text(String key, String fallback) {
            String value = given.remove(key);
            return value == null ? fallback : value;
        }

        List<String> list(String key, List<String> fallback) {
            String value = given.remove(key);
            if (value == null) {
                return fallback;
            }
            List<String> items = new ArrayList<>();
            Arrays.stream(value.split(",")).map(String::strip).filter(v -> !v.isEmpty()).forEach(items::add);
            return List.copyOf(items);
        }

        int integer(String key, int fallback, int min, int max) {
            String value = given.remove(key);
            if (value == null) {
                return fallback;
            }
            try {
                int n = Integer.parseInt(value.strip());
                if (n < min || n > max) {
                    throw new IllegalArgumentException("--" + key + " must be between " + min + " and " + max);
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + key + " must be a whole number, not '" + value + "'");
            }
        }

        double decimal(String key, double fallback) {
            String value = given.remove(key);
            if (value == null) {
                return fallback;
            }
            try {
                double d = Double.parseDouble(value.strip());
                if (d < 0 || Double.isNaN(d) || Double.isInfinite(d)) {
                    throw new IllegalArgumentException("--" + key + " must be 0 or more");
                }
                return d;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + key + " must be a number, not '" + value + "'");
            }
        }

        Duration seconds(String key, double fallback) {
            double s = decimal(key, fallback);
            return Duration.ofMillis(Math.round(s * 1000));
        }

        boolean flag(String key, boolean fallback) {
            String value = given.remove(key);
            if (value == null) {
                return fallback;
            }
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "1" -> true;
                case "false", "no", "0" -> false;
                default -> throw new IllegalArgumentException("--" + key + " must be true or false");
            };
        }

        void rejectUnknown() {
            if (!given.isEmpty()) {
                throw new IllegalArgumentException("unknown option(s): --" + String.join(", --", given.keySet()));
            }
        }
    }
}
