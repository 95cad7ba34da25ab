package org.openhorde.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The settings the web console may change while the worker runs, under the AI Horde bridge settings' names
 * ({@code max_threads}, {@code queue_size}, {@code models}...), and the settings file that keeps them.
 *
 * <p>Every change is validated exactly as the command line is: the saved values are turned back into
 * {@code --option=value} arguments after the real command line and parsed again by {@link WorkerOptions#parse}, so
 * a value the command line would refuse is refused here with the same rule, and the later (saved) value wins. The
 * worker reads {@link #current()} at every pop, so a change applies from the next pop on.
 */
final class WorkerSettings {

    enum Kind { WHOLE, DECIMAL, FLAG, LIST }

    /** One changeable setting: its AI Horde name, the command-line option that validates it, and its current value. */
    record Field(String key, String option, Kind kind, String label, Number min, Number max,
                 Function<WorkerOptions, Object> value) {

        ObjectNode describe() {
            ObjectNode field = HordeApi.JSON.createObjectNode().put("key", key).put("kind", kind.name().toLowerCase())
                    .put("label", label);
            if (min != null) {
                field.put("min", min.doubleValue());
            }
            if (max != null) {
                field.put("max", max.doubleValue());
            }
            return field;
        }
    }

    private static final List<Field> SHARED_FIRST = List.of(
            new Field("max_threads", "max-threads", Kind.WHOLE, "Threads (max_threads)", 1, null,
                    WorkerOptions::maxThreads),
            new Field("queue_size", "queue-size", Kind.WHOLE, "Queue size (queue_size)", 0, 100,
                    WorkerOptions::queueSize));

    private static final List<Field> IMAGE_FIELDS = concat(SHARED_FIRST, List.of(
            new Field("amount", "amount", Kind.WHOLE, "Images per pop (amount)", 1, WorkerOptions.MAX_AMOUNT,
                    WorkerOptions::amount),
            new Field("max_pixels", "max-pixels", Kind.WHOLE, "Largest image in pixels (max_pixels)", 64 * 64, null,
                    WorkerOptions::maxPixels),
            new Field("models", "models", Kind.LIST, "Models, comma-separated", null, null, WorkerOptions::models),
            new Field("nsfw", "nsfw", Kind.FLAG, "Accept NSFW requests (nsfw)", null, null, WorkerOptions::nsfw),
            new Field("allow_img2img", "allow-img2img", Kind.FLAG, "Allow img2img", null, null,
                    WorkerOptions::allowImg2img),
            new Field("allow_painting", "allow-painting", Kind.FLAG, "Allow inpainting and outpainting", null, null,
                    WorkerOptions::allowPainting),
            new Field("allow_unsafe_ipaddr", "allow-unsafe-ipaddr", Kind.FLAG, "Allow requests from VPN addresses",
                    null, null, WorkerOptions::allowUnsafeIpaddr),
            new Field("allow_post_processing", "allow-post-processing", Kind.FLAG, "Allow post-processing", null,
                    null, WorkerOptions::allowPostProcessing),
            new Field("allow_controlnet", "allow-controlnet", Kind.FLAG, "Allow ControlNet", null, null,
                    WorkerOptions::allowControlnet),
            new Field("allow_sdxl_controlnet", "allow-sdxl-controlnet", Kind.FLAG, "Allow SDXL ControlNet", null,
                    null, WorkerOptions::allowSdxlControlnet),
            new Field("allow_lora", "allow-lora", Kind.FLAG, "Allow LoRA", null, null, WorkerOptions::allowLora),
            new Field("extra_slow_worker", "extra-slow-worker", Kind.FLAG, "Extra slow worker", null, null,
                    WorkerOptions::extraSlowWorker),
            new Field("priority_usernames", "priority-usernames", Kind.LIST,
                    "Priority users (alias#id, comma-separated)", null, null, WorkerOptions::priorityUsernames),
            new Field("blacklist", "blacklist", Kind.LIST, "Refused prompt words, comma-separated", null, null,
                    WorkerOptions::blacklist),
            new Field("mps", "mps", Kind.DECIMAL, "Simulator speed in megapixelsteps/s (0: unthrottled)", 0, null,
                    WorkerOptions::megapixelstepsPerSecond)));

    private static final List<Field> INTERROGATION_FIELDS = concat(SHARED_FIRST, List.of(
            new Field("forms", "forms", Kind.LIST, "Forms, comma-separated", null, null, WorkerOptions::forms),
            new Field("max_tiles", "max-tiles", Kind.WHOLE, "Largest source in 512x512 tiles (max_tiles)", 1, 256,
                    WorkerOptions::maxTiles),
            new Field("priority_usernames", "priority-usernames", Kind.LIST,
                    "Priority users (alias#id, comma-separated)", null, null, WorkerOptions::priorityUsernames),
            new Field("form_seconds", "form-seconds", Kind.DECIMAL, "Simulated seconds per form", 0, null,
                    WorkerOptions::secondsPerForm)));

    private final List<String> commandLine;
    private final List<Field> fields;
    private final Path file;
    /** What the settings file holds (only changeable settings); guarded by this. */
    private ObjectNode saved;
    private volatile WorkerOptions current;

    private WorkerSettings(List<String> commandLine, List<Field> fields, Path file, ObjectNode saved,
                           WorkerOptions current) {
        this.commandLine = commandLine;
        this.fields = fields;
        this.file = file;
        this.saved = saved;
        this.current = current;
    }

    /**
     * The command line, and over it the settings file when {@code --settings} names one that exists.
     *
     * @throws IllegalArgumentException for a wrong option or a settings file that is unreadable or holds a wrong
     *                                  value (the worker then refuses to start, as for a wrong option)
     */
    static WorkerSettings load(String... args) {
        List<String> commandLine = List.of(args);
        WorkerOptions fromCommandLine = WorkerOptions.parse(args);
        List<Field> fields = fieldsOf(fromCommandLine);
        Path file = fromCommandLine.settingsFile();
        ObjectNode saved = HordeApi.JSON.createObjectNode();
        if (file != null && Files.exists(file)) {
            JsonNode read;
            try {
                read = HordeApi.JSON.readTree(file.toFile());
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read --settings " + file + ": " + e.getMessage());
            }
            if (read == null || !read.isObject()) {
                throw new IllegalArgumentException("--settings " + file + " must hold a JSON object");
            }
            saved = (ObjectNode) read;
        }
        WorkerOptions options;
        try {
            options = parse(commandLine, fields, saved);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--settings " + file + ": " + e.getMessage());
        }
        return new WorkerSettings(commandLine, fields, file, saved, options);
    }

    static List<Field> fieldsOf(WorkerOptions options) {
        return options.interrogation() ? INTERROGATION_FIELDS : IMAGE_FIELDS;
    }

    /** The settings as they are now; the worker reads them at every pop. */
    WorkerOptions current() {
        return current;
    }

    /** Where changes are saved; null when the worker was started without {@code --settings}. */
    Path file() {
        return file;
    }

    List<Field> fields() {
        return fields;
    }

    /** The changeable settings' current values, by AI Horde name. */
    ObjectNode values() {
        ObjectNode values = HordeApi.JSON.createObjectNode();
        WorkerOptions options = current;
        for (Field field : fields) {
            values.set(field.key(), HordeApi.JSON.valueToTree(field.value().apply(options)));
        }
        return values;
    }

    /**
     * Applies some settings ({@code {"max_threads": 3}}): all of them or, when one is wrong, none. Saved to the
     * settings file first, so that what runs is always what a restart would run.
     *
     * @throws IllegalArgumentException naming the wrong setting; nothing changed
     * @throws UncheckedIOException     when the settings file cannot be written; nothing changed
     */
    synchronized WorkerOptions change(JsonNode changes) {
        if (changes == null || !changes.isObject() || changes.isEmpty()) {
            throw new IllegalArgumentException("expected a JSON object of settings, e.g. {\"max_threads\": 2}");
        }
        ObjectNode merged = saved.deepCopy();
        for (Iterator<Map.Entry<String, JsonNode>> it = changes.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> change = it.next();
            Field field = field(change.getKey());
            text(field, change.getValue());
            merged.set(field.key(), change.getValue());
        }
        WorkerOptions options = parse(commandLine, fields, merged);
        if (file != null) {
            write(merged);
        }
        saved = merged;
        current = options;
        return options;
    }

    private void write(ObjectNode settings) {
        try {
            Path absolute = file.toAbsolutePath();
            Files.createDirectories(absolute.getParent());
            // Written aside and moved over: a crash mid-write never leaves a half file that stops the next start.
            Path temporary = Files.createTempFile(absolute.getParent(), ".worker-settings", ".tmp");
            Files.write(temporary, HordeApi.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(settings));
            Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not save the settings to " + file + ": " + e.getMessage(), e);
        }
    }

    private Field field(String key) {
        return fields.stream().filter(f -> f.key().equals(key)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("'" + key + "' is not a setting this worker can change while it runs"
                        + " (changeable: " + String.join(", ", fields.stream().map(Field::key).toList()) + ")"));
    }

    /** The command line plus one {@code --option=value} per saved setting, parsed as one command line. */
    private static WorkerOptions parse(List<String> commandLine, List<Field> fields, ObjectNode saved) {
        List<String> args = new ArrayList<>(commandLine);
        for (Iterator<Map.Entry<String, JsonNode>> it = saved.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            Field field = fields.stream().filter(f -> f.key().equals(entry.getKey())).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("unknown setting '" + entry.getKey() + "'"));
            args.add("--" + field.option() + "=" + text(field, entry.getValue()));
        }
        try {
            return WorkerOptions.parse(args.toArray(String[]::new));
        } catch (IllegalArgumentException e) {
            // The command line's rule, told in the settings' names.
            String message = e.getMessage();
            for (Field field : fields) {
                message = message.replace("--" + field.option() + " ", field.key() + " ");
            }
            throw new IllegalArgumentException(message, e);
        }
    }

    /** A JSON value as its command-line text, refusing a value of the wrong JSON type. */
    private static String text(Field field, JsonNode value) {
        switch (field.kind()) {
            case WHOLE -> {
                if (!value.isIntegralNumber()) {
                    throw new IllegalArgumentException(field.key() + " must be a whole number");
                }
                return value.asText();
            }
            case DECIMAL -> {
                if (!value.isNumber()) {
                    throw new IllegalArgumentException(field.key() + " must be a number");
                }
                return value.asText();
            }
            case FLAG -> {
                if (!value.isBoolean()) {
                    throw new IllegalArgumentException(field.key() + " must be true or false");
                }
                return value.asText();
            }
            default -> {
                if (!value.isArray()) {
                    throw new IllegalArgumentException(field.key() + " must be a list of names");
                }
                List<String> items = new ArrayList<>();
                for (JsonNode item : (ArrayNode) value) {
                    // A comma would split one name into two on the command line.
                    if (!item.isTextual() || item.asText().isBlank() || item.asText().contains(",")) {
                        throw new IllegalArgumentException(field.key() + " must be a list of non-empty names"
                                + " without commas");
                    }
                    items.add(item.asText().strip());
                }
                return String.join(",", items);
            }
        }
    }

    @SafeVarargs
    private static <T> List<T> concat(List<T>... lists) {
        return Arrays.stream(lists).flatMap(List::stream).toList();
    }
}
