import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.MultipleGradientPaint.CycleMethod;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import javax.imageio.ImageIO;

/**
 * Draws ARPG Studio's source icon (1024 x 1024 PNG): a 4 x 4 grid of image tokens on an indigo
 * tile, some already decoded into a sunset scene in scattered (random) order, the others still
 * pending, and a spark for the generative fill. Every other icon format is derived from this one
 * image by make-icons.sh.
 *
 * <p>Run: {@code java jpackage/icons/DrawIcon.java ui-resources/icon/arpg-studio.png}
 */
public final class DrawIcon {

    private static final int SIZE = 1024;
    private static final int GRID = 4;
    /** Which tokens are decoded, row by row: a scattered order, as ARPG's random decoding leaves it. */
    private static final boolean[][] DECODED = {
        {true, false, true, true},
        {true, true, false, true},
        {false, true, true, true},
        {true, true, true, false},
    };

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("expected one argument (the output PNG), found " + args.length);
        }
        BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);

        float margin = 56;
        float tileSize = SIZE - 2 * margin;
        Shape tile = new RoundRectangle2D.Float(margin, margin, tileSize, tileSize, 230, 230);
        g.setPaint(new GradientPaint(margin, margin, new Color(0x2A2F8F), SIZE - margin, SIZE - margin,
                new Color(0x14123F)));
        g.fill(tile);
        g.setPaint(new GradientPaint(0, margin, new Color(255, 255, 255, 40), 0, SIZE / 2f, new Color(255, 255, 255, 0)));
        g.setStroke(new BasicStroke(6));
        g.draw(tile);

        float gridOrigin = margin + 118;
        float gridSize = tileSize - 2 * 118;
        float gap = 26;
        float cell = (gridSize - (GRID - 1) * gap) / GRID;
        BufferedImage scene = sunset(gridOrigin, gridSize);
        for (int row = 0; row < GRID; row++) {
            for (int col = 0; col < GRID; col++) {
                float x = gridOrigin + col * (cell + gap);
                float y = gridOrigin + row * (cell + gap);
                Shape token = new RoundRectangle2D.Float(x, y, cell, cell, 34, 34);
                if (DECODED[row][col]) {
                    g.setClip(token);
                    g.drawImage(scene, 0, 0, null);
                    g.setClip(null);
                } else {
                    g.setColor(new Color(255, 255, 255, 26));
                    g.fill(token);
                    g.setColor(new Color(255, 255, 255, 70));
                    g.setStroke(new BasicStroke(5, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10,
                            new float[] {14, 14}, 0));
                    g.draw(new RoundRectangle2D.Float(x + 4, y + 4, cell - 8, cell - 8, 28, 28));
                }
            }
        }

        drawSpark(g, SIZE - margin - 128, margin + 128, 112);
        g.dispose();
        ImageIO.write(image, "png", new File(args[0]));
    }

    /** The picture the decoded tokens show: a sky from coral to gold, a sun and two ridges. */
    private static BufferedImage sunset(float origin, float size) {
        BufferedImage scene = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = scene.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        float bottom = origin + size;
        g.setPaint(new GradientPaint(0, origin, new Color(0xFF4E7A), 0, bottom, new Color(0xFFC56B)));
        g.fillRect(0, 0, SIZE, SIZE);

        float sunX = origin + size * 0.38f;
        float sunY = origin + size * 0.52f;
        float sunR = size * 0.17f;
        g.setPaint(new RadialGradientPaint(new Point2D.Float(sunX, sunY), sunR * 2.2f, new float[] {0f, 0.45f, 1f},
                new Color[] {new Color(255, 250, 220, 255), new Color(255, 236, 170, 120), new Color(255, 220, 150, 0)},
                CycleMethod.NO_CYCLE));
        g.fill(new Ellipse2D.Float(sunX - sunR * 2.2f, sunY - sunR * 2.2f, sunR * 4.4f, sunR * 4.4f));
        g.setColor(new Color(0xFFF6D8));
        g.fill(new Ellipse2D.Float(sunX - sunR, sunY - sunR, 2 * sunR, 2 * sunR));

        g.setColor(new Color(0xA23E96));
        g.fill(ridge(origin, size, new float[] {0.66f, 0.55f, 0.62f, 0.48f, 0.58f, 0.64f}));
        g.setPaint(new GradientPaint(0, origin + size * 0.7f, new Color(0x6A2FB0), 0, bottom, new Color(0x4A2A9A)));
        g.fill(ridge(origin, size, new float[] {0.80f, 0.72f, 0.78f, 0.70f, 0.76f, 0.74f}));
        g.dispose();
        return scene;
    }

    /** A mountain ridge through evenly spaced heights (fractions of the grid), closed at the bottom. */
    private static Shape ridge(float origin, float size, float[] heights) {
        Path2D.Float path = new Path2D.Float();
        path.moveTo(0, SIZE);
        path.lineTo(0, origin + heights[0] * size);
        for (int i = 0; i < heights.length; i++) {
            path.lineTo(origin + size * i / (heights.length - 1), origin + heights[i] * size);
        }
        path.lineTo(SIZE, origin + heights[heights.length - 1] * size);
        path.lineTo(SIZE, SIZE);
        path.closePath();
        return path;
    }

    /** A four-pointed spark with a soft glow, centred on (cx, cy). */
    private static void drawSpark(Graphics2D g, float cx, float cy, float radius) {
        g.setPaint(new RadialGradientPaint(new Point2D.Float(cx, cy), radius * 1.25f, new float[] {0f, 1f},
                new Color[] {new Color(255, 255, 255, 120), new Color(255, 255, 255, 0)}));
        g.fill(new Ellipse2D.Float(cx - radius * 1.25f, cy - radius * 1.25f, radius * 2.5f, radius * 2.5f));
        float waist = radius * 0.2f;
        Path2D.Float spark = new Path2D.Float();
        spark.moveTo(cx, cy - radius);
        spark.quadTo(cx + waist * 0.35f, cy - waist * 0.35f, cx + radius, cy);
        spark.quadTo(cx + waist * 0.35f, cy + waist * 0.35f, cx, cy + radius);
        spark.quadTo(cx - waist * 0.35f, cy + waist * 0.35f, cx - radius, cy);
        spark.quadTo(cx - waist * 0.35f, cy - waist * 0.35f, cx, cy - radius);
        spark.closePath();
        g.setColor(new Color(0xFFFBEA));
        g.fill(spark);
    }
}
