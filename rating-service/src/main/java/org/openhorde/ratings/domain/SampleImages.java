package org.openhorde.ratings.domain;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.UUID;
import javax.imageio.ImageIO;

/**
 * The sample dataset a fresh horde rates: small abstract compositions (a gradient sky, a few shapes) drawn from a
 * seed, so image {@code i} is the same picture on every installation. Varied enough that ratings mean something.
 */
public final class SampleImages {

    public static final String DATASET_NAME = "openhorde-sample";
    /** The same id everywhere: a second replica or a restart finds the dataset instead of making another. */
    public static final UUID DATASET_ID = UUID.nameUUIDFromBytes(DATASET_NAME.getBytes(StandardCharsets.UTF_8));

    private SampleImages() {
    }

    public static UUID imageId(int index) {
        return UUID.nameUUIDFromBytes((DATASET_NAME + ":" + index).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Every sixth sample image is a control image: its score is settled ({@link #controlScore}) and {@code
     * /rating/new} mixes it into what raters are shown (decision 0034).
     */
    public static boolean isControl(int index) {
        return index % 6 == 0;
    }

    /** A control image's settled score: the sample's declared truth. */
    public static int controlScore(int index) {
        return org.openhorde.contracts.SampleDatasetTruth.score(imageId(index));
    }

    public static String objectKey(int index) {
        return "datasets/" + DATASET_NAME + "/" + imageId(index) + ".png";
    }

    /** PNG bytes of sample image {@code index}, {@code side} pixels square. */
    public static byte[] png(int index, int side) {
        Random random = new Random(index * 7919L + 17);
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setPaint(new GradientPaint(0, 0, color(random), 0, side, color(random)));
            g.fillRect(0, 0, side, side);
            int shapes = 2 + random.nextInt(5);
            for (int s = 0; s < shapes; s++) {
                g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256),
                        90 + random.nextInt(160)));
                int w = side / 8 + random.nextInt(side / 2);
                int h = side / 8 + random.nextInt(side / 2);
                int x = random.nextInt(side - w / 2);
                int y = random.nextInt(side - h / 2);
                if (random.nextBoolean()) {
                    g.fillOval(x, y, w, h);
                } else {
                    g.fillRect(x, y, w, h);
                }
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static Color color(Random random) {
        return Color.getHSBColor(random.nextFloat(), 0.3f + random.nextFloat() * 0.6f, 0.3f + random.nextFloat() * 0.7f);
    }
}
