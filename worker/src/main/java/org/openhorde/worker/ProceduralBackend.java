package org.openhorde.worker;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import javax.imageio.ImageIO;

/**
 * A SIMULATOR, not a model: renders a deterministic abstract picture (gradient sky, circles, bands) from prompt,
 * seed and size, encoded as PNG. The same prompt, seed and size always give the same bytes, so results can be
 * checked end to end. Optionally throttled to a megapixelsteps-per-second rate, to behave like a GPU of that speed.
 */
public final class ProceduralBackend implements Backend {

    static {
        // No display on servers; Java2D renders into memory only.
        System.setProperty("java.awt.headless", "true");
        // ImageIO would otherwise buffer through temporary files, which cannot be created once a stop began
        // (and a job in hand must still be delivered then).
        ImageIO.setUseCache(false);
    }

    /** Read at every image: the web console changes the simulator's speed while the worker runs. */
    private final DoubleSupplier megapixelstepsPerSecond;

    /** @param megapixelstepsPerSecond the simulated GPU's speed; 0 renders as fast as the CPU can */
    public ProceduralBackend(double megapixelstepsPerSecond) {
        this(() -> megapixelstepsPerSecond);
    }

    /** @param megapixelstepsPerSecond the simulated GPU's current speed; 0 renders as fast as the CPU can */
    public ProceduralBackend(DoubleSupplier megapixelstepsPerSecond) {
        this.megapixelstepsPerSecond = megapixelstepsPerSecond;
    }

    @Override
    public String description() {
        double speed = megapixelstepsPerSecond.getAsDouble();
        return "procedural SIMULATOR (no model, no GPU" + (speed > 0
                ? String.format(", throttled to %.1f MPS/s)", speed) : ", unthrottled)");
    }

    @Override
    public byte[] generate(PoppedJob job, int index) throws InterruptedException {
        long started = System.nanoTime();
        byte[] png = render(job.prompt(), job.seedOf(index), job.width(), job.height());
        long due = simulatedNanos(job.width(), job.height(), job.steps());
        long left = due - (System.nanoTime() - started);
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
        return png;
    }

    /** How long a GPU of the configured speed needs for one image: width x height x steps / 10^6 / MPS. */
    long simulatedNanos(int width, int height, int steps) {
        double speed = megapixelstepsPerSecond.getAsDouble();
        if (speed <= 0) {
            return 0;
        }
        double megapixelsteps = (double) width * height * steps / 1_000_000.0;
        return Math.round(megapixelsteps / speed * 1e9);
    }

    /** Smooth shapes rather than noise, so that PNG compresses the picture to a realistic size. */
    static byte[] render(String prompt, long seed, int width, int height) {
        SplittableRandom random = new SplittableRandom(mix(prompt, seed));
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setPaint(new GradientPaint(0, 0, color(random), 0, height, color(random)));
            g.fillRect(0, 0, width, height);
            int bands = 2 + random.nextInt(4);
            for (int i = 0; i < bands; i++) {
                g.setColor(translucent(random));
                int y = random.nextInt(height);
                g.fillRect(0, y, width, 1 + random.nextInt(Math.max(1, height / 6)));
            }
            int shapes = 3 + random.nextInt(8);
            for (int i = 0; i < shapes; i++) {
                g.setColor(translucent(random));
                int d = 1 + random.nextInt(Math.max(1, Math.min(width, height) / 2));
                g.fillOval(random.nextInt(width) - d / 2, random.nextInt(height) - d / 2, d, d);
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(width * height / 8);
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new IllegalStateException("PNG encoding into memory cannot fail", e);
        }
        return out.toByteArray();
    }

    private static long mix(String prompt, long seed) {
        long h = 0xcbf29ce484222325L;
        for (byte b : prompt.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ b) * 0x100000001b3L;
        }
        return h ^ (seed * 0x9E3779B97F4A7C15L);
    }

    private static Color color(SplittableRandom random) {
        return new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256));
    }

    private static Color translucent(SplittableRandom random) {
        return new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256), 60 + random.nextInt(140));
    }
}
