package com.arpgstudio.inference.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.EditRecord;
import com.arpgstudio.inference.edit.ImageDecoder;
import com.arpgstudio.inference.edit.ImageMetrics;
import com.arpgstudio.inference.edit.PixelMask;
import com.arpgstudio.inference.edit.Rect;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fills larger than the model's window, on the command line's outputs with the embedded default
 * model and a photo it never saw (the tests' own {@code china.jpg}, 640x427): masks 1x, 2x and 3x
 * the 128 px window wide, with the detail pass off and auto, against a fill at native scale (a
 * 64 px mask) on the same photo, with the command line's default sampling (64 steps; the detail
 * passes take 8). The sharpness ratio is read from {@code --verbose}.
 *
 * <p>What is asserted is the goal: every fill with the detail pass at least 90% as sharp as the
 * native fill (measured 144%, 131% and 142% at 1x, 2x and 3x, the 3x fill at 1/3.41 with a light first
 * pass) and sharper than without it by at least 50% (2.0x, 2.8x and 4.1x), no seam along the mask's sides
 * or where two windows meet (at most 1.5; measured 0.75, 0.97 and 1.46 at the sides, where the 3x fill
 * without detail passes measures 1.37, and 0.93, 1.08 and 1.02 between windows; with 8 steps, whose
 * detail passes take 4, the 2x fill's window edge measured 1.60), and every pixel beyond the coarse
 * fill's feather band identical. The figures are printed; docs/performance.md has the benchmark's
 * over three seeds.
 */
@ExtendWith(PrivateArpgHome.class)
class SharpFillsTest {

    private static final double SEAM_GOAL = 1.5;
    /** How much sharper (by the ratio) every fill is with the detail pass than without, at least. */
    private static final double SHARPER = 1.5;
    /** How sharp every fill with the detail pass is against the native fill, at least. */
    private static final double AS_SHARP_AS_NATIVE = 0.9;
    private static final Pattern SHARPNESS = Pattern.compile("sharpness_ratio = ([0-9.]+|NaN)");

    @TempDir
    Path dir;

    @Test
    void detailPassesSharpenLargeFillsWithoutSeams() throws IOException {
        Path in = dir.resolve("china.jpg");
        try (InputStream photo = SharpFillsTest.class.getResourceAsStream("/com/arpgstudio/inference/photos/china.jpg")) {
            Files.copy(photo, in);
        }
        ArgbImage photo = ImageDecoder.read(in).image();
        double nativeFill = fill(in, photo, 64, 64, "auto").sharpness();
        List<String> figures = new ArrayList<>();
        figures.add(String.format(Locale.ROOT, "native 64x64: %.3f", nativeFill));
        boolean sharper = true;
        boolean nearNative = true;
        double worstSeam = 0;
        for (int windows = 1; windows <= 3; windows++) {
            int width = 128 * windows;
            int height = Math.min(width, 160);
            Fill off = fill(in, photo, width, height, "off");
            Fill auto = fill(in, photo, width, height, "auto");
            figures.add(String.format(Locale.ROOT, "%dx%d at 1/%.2f: off %.3f, auto %.3f (%.0f%% of native), "
                            + "side seams %.2f / %.2f, window edges %.2f", width, height, auto.shrink(), off.sharpness(),
                    auto.sharpness(), 100 * auto.sharpness() / nativeFill, off.seam(), auto.seam(), auto.windowEdge()));
            sharper &= auto.sharpness() > SHARPER * off.sharpness();
            nearNative &= auto.sharpness() >= AS_SHARP_AS_NATIVE * nativeFill;
            worstSeam = Math.max(worstSeam, Math.max(auto.seam(), auto.windowEdge()));
        }
        System.out.println("sharp fills: " + figures);
        assertTrue(sharper, "not " + SHARPER + "x sharper with the detail pass: " + figures);
        assertTrue(nearNative, "not " + AS_SHARP_AS_NATIVE + "x as sharp as the native fill: " + figures);
        assertTrue(worstSeam <= SEAM_GOAL, "a seam along the mask's sides or where two windows meet: " + figures);
    }

    /** A fill's sharpness ratio, worst seam along the mask's sides and where two of its windows meet, and shrink. */
    private record Fill(double sharpness, double seam, double windowEdge, double shrink) {}

    /** Fills a centred width x height mask with --detail {@code detail} and checks what stayed. */
    private Fill fill(Path in, ArgbImage photo, int width, int height, String detail) throws IOException {
        Rect hole = new Rect((photo.width() - width) / 2, (photo.height() - height) / 2, width, height);
        PixelMask mask = PixelMask.ofRect(photo.width(), photo.height(), hole);
        Path maskFile = dir.resolve("mask" + width + ".png");
        ImageIO.write(mask.toImage().toBufferedImage(), "png", maskFile.toFile());
        Path out = dir.resolve(width + detail + ".png");
        Path record = dir.resolve(width + detail + ".json");
        CliRun run = CliRun.of("inpaint", "--image", in.toString(), "--mask", maskFile.toString(), "--out",
                out.toString(), "--record", record.toString(), "--seed", "1", "--detail", detail,
                "--verbose", "--quiet");
        assertEquals(0, run.status(), run.err());
        Matcher sharpness = SHARPNESS.matcher(run.err());
        assertTrue(sharpness.find(), "--verbose prints the sharpness ratio: " + run.err());
        ArgbImage result = ImageDecoder.read(out).image();
        EditRecord edit = EditRecord.read(record);
        double shrink = edit.windows().get(0).scale();
        // beyond the coarse fill's feather band (8 px at its scale) every pixel is the photo's
        PixelMask outside = mask.grown((int) Math.ceil(8 * shrink) + 1).inverted();
        for (int y = 0; y < photo.height(); y++) {
            for (int x = 0; x < photo.width(); x++) {
                if (outside.get(x, y) && result.get(x, y) != photo.get(x, y)) {
                    throw new AssertionError(width + "x" + height + " " + detail + ": pixel " + x + "," + y
                            + " beyond the feather band changed");
                }
            }
        }
        double windowEdge = edit.measurements() == null ? 0 : edit.measurements().getOrDefault("seam_tile_edge", 0.0);
        return new Fill(Double.parseDouble(sharpness.group(1)), ImageMetrics.worstRectangleEdge(result, hole), windowEdge,
                shrink);
    }
}
