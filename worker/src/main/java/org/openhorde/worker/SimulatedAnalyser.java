package org.openhorde.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;

/**
 * A SIMULATOR, not a model: answers every interrogation form from what can be measured in the source's pixels, with
 * plain Java imaging, deterministically (the same image always gets the same answers). Its rules:
 * <ul>
 *   <li>{@code caption}: "a [bright|dark|dim] [square|landscape|portrait] image, mostly C1 with C2 (W×H)" from size,
 *       the mean brightness and the two most frequent named colours;</li>
 *   <li>{@code nsfw}: {@code true} when at least {@link #NSFW_SKIN_SHARE} of the pixels are skin-toned (a stated,
 *       crude rule: a portrait in warm light trips it, which is exactly why it is a simulator);</li>
 *   <li>{@code interrogation}: {@code {"tags": [{text, confidence}]}} — every named colour covering ≥ 5 % of the image
 *       (confidence = its share), brightness and orientation (confidence = how far from the threshold);</li>
 *   <li>upscalers: a real bicubic resize by the model's factor (×2 or ×4), capped at
 *       {@link #MAX_OUTPUT_PIXELS}; face fixers ({@code GFPGAN}, {@code CodeFormers}...): the image unchanged, and
 *       labelled so; {@code strip_background}: a flood fill from every border pixel through colours close to the
 *       border's, made transparent.</li>
 * </ul>
 * Every produced PNG carries a {@code Software} text chunk naming this simulator.
 */
public final class SimulatedAnalyser implements InterrogationBackend {

    static {
        System.setProperty("java.awt.headless", "true");
        ImageIO.setUseCache(false);
        // WebP sources: the reader plugin registers itself through ServiceLoader; scanning once makes sure.
        ImageIO.scanForPlugins();
    }

    public static final String CAPTION = "caption";
    public static final String NSFW = "nsfw";
    public static final String INTERROGATION = "interrogation";
    public static final String STRIP_BACKGROUND = "strip_background";
    /** The AI Horde's upscalers and their factor. */
    static final Map<String, Integer> UPSCALERS = Map.ofEntries(
            Map.entry("RealESRGAN_x4plus", 4), Map.entry("RealESRGAN_x2plus", 2),
            Map.entry("RealESRGAN_x4plus_anime_6B", 4), Map.entry("NMKD_Siax", 4), Map.entry("4x_AnimeSharp", 4),
            Map.entry("4xNomos8kSC", 4), Map.entry("4xLSDIRplus", 4), Map.entry("4xNomosWebPhoto_RealPLKSR", 4),
            Map.entry("4xNomos2_realplksr_dysample", 4), Map.entry("4xNomos2_hq_dat2", 4),
            Map.entry("2xModernSpanimationV1", 2));
    static final List<String> FACE_FIXERS = List.of("GFPGAN", "GFPGANv1.3", "CodeFormers", "RestoreFormer");
    /** Every form this simulator serves: the AI Horde's three analyses and all its post-processors. */
    static final List<String> ALL_FORMS;

    static {
        List<String> all = new ArrayList<>(List.of(CAPTION, NSFW, INTERROGATION));
        UPSCALERS.keySet().stream().sorted().forEach(all::add);
        all.addAll(FACE_FIXERS);
        all.add(STRIP_BACKGROUND);
        ALL_FORMS = List.copyOf(all);
    }

    static final double NSFW_SKIN_SHARE = 0.40;
    /** 4096 × 4096: an upscaled picture larger than this is scaled less, so one form cannot exhaust the heap. */
    static final long MAX_OUTPUT_PIXELS = 4096L * 4096L;
    static final String SOFTWARE = "OpenHorde reference worker, analyser SIMULATOR (no model)";
    /** A border colour and a pixel within this Euclidean RGB distance count as the same background. */
    private static final int BACKGROUND_TOLERANCE = 48;
    /** The analyses look at a downscaled copy: the counts are the same to a few per cent and a 3072² source is cheap. */
    private static final int SAMPLE_SIDE = 256;

    /** The named colours a pixel is assigned to (nearest by RGB distance). */
    private static final List<NamedColour> PALETTE = List.of(
            new NamedColour("black", 0, 0, 0), new NamedColour("white", 255, 255, 255),
            new NamedColour("grey", 128, 128, 128), new NamedColour("red", 200, 30, 30),
            new NamedColour("orange", 240, 140, 20), new NamedColour("yellow", 240, 220, 40),
            new NamedColour("green", 40, 160, 50), new NamedColour("blue", 40, 70, 200),
            new NamedColour("sky blue", 120, 180, 235), new NamedColour("purple", 130, 50, 170),
            new NamedColour("pink", 240, 150, 190), new NamedColour("brown", 120, 75, 35));

    /** Read at every form: the web console changes the simulated model time while the worker runs. */
    private final DoubleSupplier secondsPerForm;

    /** @param secondsPerForm simulated model time per form (0: as fast as the CPU measures) */
    public SimulatedAnalyser(double secondsPerForm) {
        this(() -> secondsPerForm);
    }

    /** @param secondsPerForm the current simulated model time per form (0: as fast as the CPU measures) */
    public SimulatedAnalyser(DoubleSupplier secondsPerForm) {
        this.secondsPerForm = secondsPerForm;
    }

    @Override
    public String description() {
        return "analyser SIMULATOR (no model: captions, NSFW and tags from measured colours and size"
                + (secondsPerForm.getAsDouble() > 0
                ? String.format(Locale.ROOT, ", %.1f s per form)", secondsPerForm.getAsDouble()) : ")");
    }

    @Override
    public List<String> supportedForms() {
        return ALL_FORMS;
    }

    @Override
    public FormOutcome process(String form, Map<String, String> payload, byte[] sourceImage)
            throws InterruptedException {
        long started = System.nanoTime();
        BufferedImage source = decode(sourceImage);
        FormOutcome outcome = run(form, source);
        long left = Math.round(secondsPerForm.getAsDouble() * 1e9) - (System.nanoTime() - started);
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
        return outcome;
    }

    static FormOutcome run(String form, BufferedImage source) {
        if (CAPTION.equals(form)) {
            return FormOutcome.value(TextNode.valueOf(caption(measure(source))));
        }
        if (NSFW.equals(form)) {
            return FormOutcome.value(BooleanNode.valueOf(nsfw(measure(source))));
        }
        if (INTERROGATION.equals(form)) {
            return FormOutcome.value(interrogation(measure(source)));
        }
        if (UPSCALERS.containsKey(form)) {
            BufferedImage out = upscale(source, UPSCALERS.get(form));
            return FormOutcome.image(png(out), "simulated " + form + ": bicubic resize to " + out.getWidth() + "x"
                    + out.getHeight());
        }
        if (FACE_FIXERS.contains(form)) {
            return FormOutcome.image(png(source), "simulated " + form + ": no faces fixed, image unchanged");
        }
        if (STRIP_BACKGROUND.equals(form)) {
            return FormOutcome.image(png(stripBackground(source)),
                    "simulated strip_background: flood fill from the border");
        }
        throw new IllegalArgumentException("the analyser simulator has no form '" + form + "'");
    }

    /** Decodes PNG, JPEG, GIF, BMP and (through the plugin) WebP; anything else is the source's fault. */
    static BufferedImage decode(byte[] bytes) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            if (image == null) {
                throw new IllegalArgumentException("source image in a format this worker cannot read");
            }
            return image;
        } catch (IOException e) {
            throw new IllegalArgumentException("source image unreadable: " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ measuring

    /**
     * What the analyses read: size, mean brightness (0–1, Rec. 601 luma) and each named colour's share.
     *
     * @param colourShares named colour → share of pixels, most frequent first
     * @param skinShare    share of pixels whose colour is skin-toned (see {@link #isSkin})
     */
    record Features(int width, int height, double brightness, List<Map.Entry<String, Double>> colourShares,
                    double skinShare) {

        String orientation() {
            double ratio = (double) width / height;
            return ratio > 1.1 ? "landscape" : ratio < 1 / 1.1 ? "portrait" : "square";
        }

        String light() {
            return brightness >= 0.6 ? "bright" : brightness < 0.3 ? "dark" : "dim";
        }
    }

    static Features measure(BufferedImage image) {
        BufferedImage sample = image.getWidth() * image.getHeight() > SAMPLE_SIDE * SAMPLE_SIDE
                ? resize(image, Math.max(1, (int) Math.round(image.getWidth() * scaleFor(image))),
                        Math.max(1, (int) Math.round(image.getHeight() * scaleFor(image))))
                : image;
        long[] counts = new long[PALETTE.size()];
        double luma = 0;
        long skin = 0;
        long opaque = 0;
        for (int y = 0; y < sample.getHeight(); y++) {
            for (int x = 0; x < sample.getWidth(); x++) {
                int argb = sample.getRGB(x, y);
                if ((argb >>> 24) < 16) {
                    continue; // transparent pixels show nothing
                }
                int r = (argb >> 16) & 0xFF;
                int g = (argb >> 8) & 0xFF;
                int b = argb & 0xFF;
                opaque++;
                luma += (0.299 * r + 0.587 * g + 0.114 * b) / 255.0;
                counts[nearest(r, g, b)]++;
                if (isSkin(r, g, b)) {
                    skin++;
                }
            }
        }
        long total = Math.max(1, opaque);
        List<Map.Entry<String, Double>> shares = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                shares.add(Map.entry(PALETTE.get(i).name(), (double) counts[i] / total));
            }
        }
        shares.sort(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        return new Features(image.getWidth(), image.getHeight(), luma / total, List.copyOf(shares),
                (double) skin / total);
    }

    private static double scaleFor(BufferedImage image) {
        return Math.sqrt((double) SAMPLE_SIDE * SAMPLE_SIDE / ((double) image.getWidth() * image.getHeight()));
    }

    /** A classic RGB skin-tone rule (Peer et al.): red dominant, warm, not grey. */
    static boolean isSkin(int r, int g, int b) {
        int max = Math.max(r, Math.max(g, b));
        int min = Math.min(r, Math.min(g, b));
        return r > 95 && g > 40 && b > 20 && max - min > 15 && Math.abs(r - g) > 15 && r > g && r > b;
    }

    private static int nearest(int r, int g, int b) {
        int best = 0;
        long bestDistance = Long.MAX_VALUE;
        for (int i = 0; i < PALETTE.size(); i++) {
            NamedColour c = PALETTE.get(i);
            long d = (long) (r - c.r()) * (r - c.r()) + (long) (g - c.g()) * (g - c.g())
                    + (long) (b - c.b()) * (b - c.b());
            if (d < bestDistance) {
                bestDistance = d;
                best = i;
            }
        }
        return best;
    }

    // ------------------------------------------------------------------ the forms

    static String caption(Features f) {
        StringBuilder caption = new StringBuilder("a ").append(f.light()).append(' ').append(f.orientation())
                .append(" image, mostly ").append(f.colourShares().isEmpty() ? "transparent"
                        : f.colourShares().get(0).getKey());
        if (f.colourShares().size() > 1 && f.colourShares().get(1).getValue() >= 0.05) {
            caption.append(" with ").append(f.colourShares().get(1).getKey());
        }
        return caption.append(" (").append(f.width()).append('x').append(f.height()).append(')').toString();
    }

    static boolean nsfw(Features f) {
        return f.skinShare() >= NSFW_SKIN_SHARE;
    }

    /** The AI Horde's shape: {@code {"tags": [{"text", "confidence"}]}}, most confident first. */
    static JsonNode interrogation(Features f) {
        List<Map.Entry<String, Double>> tags = new ArrayList<>();
        f.colourShares().stream().filter(e -> e.getValue() >= 0.05).forEach(tags::add);
        // Brightness: the further from the middle, the surer.
        tags.add(Map.entry(f.light(), Math.min(1.0, 0.5 + Math.abs(f.brightness() - 0.45))));
        double ratio = (double) f.width() / f.height();
        tags.add(Map.entry(f.orientation(), Math.min(1.0, 0.5 + Math.abs(Math.log(ratio)))));
        tags.sort(Comparator.comparing((Map.Entry<String, Double> e) -> e.getValue()).reversed()
                .thenComparing(Map.Entry::getKey));
        ObjectNode result = HordeApi.JSON.createObjectNode();
        ArrayNode list = result.putArray("tags");
        for (Map.Entry<String, Double> tag : tags) {
            list.addObject().put("text", tag.getKey())
                    .put("confidence", Math.round(tag.getValue() * 10_000) / 10_000.0);
        }
        return result;
    }

    static BufferedImage upscale(BufferedImage source, int factor) {
        double scale = factor;
        double pixels = (double) source.getWidth() * source.getHeight() * factor * factor;
        if (pixels > MAX_OUTPUT_PIXELS) {
            scale = Math.sqrt(MAX_OUTPUT_PIXELS / ((double) source.getWidth() * source.getHeight()));
        }
        return resize(source, Math.max(1, (int) Math.floor(source.getWidth() * scale)),
                Math.max(1, (int) Math.floor(source.getHeight() * scale)));
    }

    private static BufferedImage resize(BufferedImage source, int width, int height) {
        BufferedImage out = new BufferedImage(width, height, source.getColorModel().hasAlpha()
                ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.drawImage(source, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /**
     * Background removal without a model: every pixel reachable from the image's border through pixels within
     * {@link #BACKGROUND_TOLERANCE} of the border pixel it started from becomes transparent. Works for a subject on a
     * plain backdrop; on a busy photo it removes little, which is what a simulator should honestly show.
     */
    static BufferedImage stripBackground(BufferedImage source) {
        int w = source.getWidth();
        int h = source.getHeight();
        int[] pixels = source.getRGB(0, 0, w, h, null, 0, w);
        // The border colour each background pixel was reached from; a plain int stack, as every pixel is pushed at
        // most once (a boxed queue would cost ~24 bytes a pixel: 200 MB for a 3072 x 3072 source).
        int[] reachedFrom = new int[w * h];
        java.util.BitSet background = new java.util.BitSet(w * h);
        int[] stack = new int[w * h];
        int top = 0;
        for (int i = 0; i < w * h; i++) {
            int x = i % w;
            int y = i / w;
            if ((x == 0 || y == 0 || x == w - 1 || y == h - 1) && !background.get(i)) {
                background.set(i);
                reachedFrom[i] = pixels[i];
                stack[top++] = i;
            }
        }
        while (top > 0) {
            int p = stack[--top];
            int x = p % w;
            int y = p / w;
            int colour = reachedFrom[p];
            if (x > 0) {
                top = spread(stack, top, background, reachedFrom, pixels, p - 1, colour);
            }
            if (x < w - 1) {
                top = spread(stack, top, background, reachedFrom, pixels, p + 1, colour);
            }
            if (y > 0) {
                top = spread(stack, top, background, reachedFrom, pixels, p - w, colour);
            }
            if (y < h - 1) {
                top = spread(stack, top, background, reachedFrom, pixels, p + w, colour);
            }
        }
        for (int i = 0; i < pixels.length; i++) {
            int alpha = background.get(i) ? 0 : (pixels[i] >>> 24);
            pixels[i] = (alpha << 24) | (pixels[i] & 0xFFFFFF);
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        out.setRGB(0, 0, w, h, pixels, 0, w);
        return out;
    }

    private static int spread(int[] stack, int top, java.util.BitSet background, int[] reachedFrom, int[] pixels,
                              int p, int colour) {
        if (!background.get(p) && distance(pixels[p], colour) <= BACKGROUND_TOLERANCE) {
            background.set(p);
            reachedFrom[p] = colour;
            stack[top++] = p;
        }
        return top;
    }

    private static double distance(int a, int b) {
        int dr = ((a >> 16) & 0xFF) - ((b >> 16) & 0xFF);
        int dg = ((a >> 8) & 0xFF) - ((b >> 8) & 0xFF);
        int db = (a & 0xFF) - (b & 0xFF);
        return Math.sqrt(dr * dr + dg * dg + db * db);
    }

    /** PNG with a {@code Software} text chunk, so a produced image says it came from a simulator. */
    static byte[] png(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (var out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image),
                    null);
            IIOMetadataNode entry = new IIOMetadataNode("tEXtEntry");
            entry.setAttribute("keyword", "Software");
            entry.setAttribute("value", SOFTWARE);
            IIOMetadataNode text = new IIOMetadataNode("tEXt");
            text.appendChild(entry);
            IIOMetadataNode root = new IIOMetadataNode("javax_imageio_png_1.0");
            root.appendChild(text);
            metadata.mergeTree("javax_imageio_png_1.0", root);
            writer.write(new IIOImage(image, null, metadata));
        } catch (IOException e) {
            throw new IllegalStateException("PNG encoding into memory cannot fail", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private record NamedColour(String name, int r, int g, int b) {
    }
}
