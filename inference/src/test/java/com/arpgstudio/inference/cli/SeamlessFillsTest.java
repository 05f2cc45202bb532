package com.arpgstudio.inference.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.EditRecord;
import com.arpgstudio.inference.edit.ImageDecoder;
import com.arpgstudio.inference.edit.ImageMetrics;
import com.arpgstudio.inference.edit.PixelMask;
import com.arpgstudio.inference.edit.Rect;
import com.arpgstudio.inference.edit.Resampler;
import com.arpgstudio.inference.edit.WindowPlan;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * No visible seam where a fill meets the photo or one window meets the next, on the command line's
 * outputs with the embedded default model, its recommended sampling (what a user gets: no sampling
 * option given) and photos it never saw (the tests' own, in {@code resources/.../photos}): the seam
 * measure ({@link ImageMetrics#columnSeam}, 1.0 = invisible) of every outpaint boundary, of the worst
 * line where an outpaint's windows meet and of the worst line where a large mask's tiles meet is at
 * most 1.5, for outpaints within one window (one pass of tiles) and deeper ones (a layout, then its
 * detail in tiles), and the photo's own pixels stay identical.
 */
@ExtendWith(PrivateArpgHome.class)
class SeamlessFillsTest {

    private static final double GOAL = 1.5;
    private static final List<String> PHOTOS = List.of("chelsea", "coffee", "astronaut");
    /** Each side with a margin within one window (128 px for the embedded model) and one deeper. */
    private static final List<Map.Entry<String, Integer>> OUTPAINTS = List.of(Map.entry("--right", 128),
            Map.entry("--bottom", 96), Map.entry("--right", 256), Map.entry("--bottom", 192));

    @TempDir
    Path dir;

    @Test
    void outpaintingMeetsThePhotoAndItsOwnWindowsWithoutASeam() throws IOException {
        List<String> figures = new ArrayList<>();
        List<String> above = new ArrayList<>();
        for (String name : PHOTOS) {
            Path in = photo(name);
            ArgbImage photo = ImageDecoder.read(in).image();
            for (Map.Entry<String, Integer> outpaint : OUTPAINTS) {
                String side = outpaint.getKey();
                int margin = outpaint.getValue();
                Path out = dir.resolve(name + side + margin + ".png");
                Path record = dir.resolve(name + side + margin + ".json");
                CliRun run = CliRun.of("outpaint", "--image", in.toString(), side, Integer.toString(margin), "--out",
                        out.toString(), "--record", record.toString(), "--seed", "1", "--steps", "16", "--quiet");
                assertEquals(0, run.status(), run.err());
                ArgbImage result = ImageDecoder.read(out).image();
                Rect original = Rect.ofSize(photo.width(), photo.height());
                assertTrue(result.crop(original).samePixels(photo), name + " " + side + ": the photo's pixels changed");
                double boundary = side.equals("--right")
                        ? ImageMetrics.columnSeam(result, photo.width(), 0, photo.height())
                        : ImageMetrics.rowSeam(result, photo.height(), 0, photo.width());
                PixelMask newArea = PixelMask.ofRect(result.width(), result.height(), result.bounds());
                newArea.fill(original, false);
                EditRecord edit = EditRecord.read(record);
                double edges = ImageMetrics.worstWindowEdge(result, newArea, new WindowPlan(edit.windows(), List.of()));
                figures.add(String.format(Locale.ROOT, "%s %s %d: boundary %.2f, window edges %.2f", name, side, margin,
                        boundary, edges));
                System.out.println("seams: " + figures.get(figures.size() - 1));
                if (boundary > GOAL || edges > GOAL) {
                    above.add(name + " " + side + " " + margin);
                }
            }
        }
        assertTrue(above.isEmpty(), "a boundary or window edge above " + GOAL + " in " + above + ": " + figures);
    }

    @Test
    void theTilesOfALargeMaskMeetWithoutASeam() throws IOException {
        ArgbImage small = ImageDecoder.read(photo("chelsea")).image();
        ArgbImage photo = Resampler.resize(small, 2000, 2000 * small.height() / small.width());
        Rect half = new Rect(photo.width() / 2, 0, photo.width() / 2, photo.height());
        PixelMask mask = PixelMask.ofRect(photo.width(), photo.height(), half);
        Path in = write(photo, "large.png");
        int[] maskPixels = new int[photo.width() * photo.height()];
        for (int i = 0; i < maskPixels.length; i++) {
            maskPixels[i] = mask.get(i % photo.width(), i / photo.width()) ? 0xffffffff : 0xff000000;
        }
        Path maskFile = write(new ArgbImage(photo.width(), photo.height(), maskPixels), "mask.png");
        Path out = dir.resolve("out.png");
        Path record = dir.resolve("large.json");
        CliRun run = CliRun.of("inpaint", "--image", in.toString(), "--mask", maskFile.toString(), "--out",
                out.toString(), "--record", record.toString(), "--seed", "1", "--steps", "16", "--detail", "off",
                "--quiet"); // the coarse tiles' seams: detail passes over them are SharpFillsTest's
        assertEquals(0, run.status(), run.err());
        EditRecord edit = EditRecord.read(record);
        assertTrue(edit.windows().size() > 1 && String.join(" ", edit.notes()).matches(".*\\d+ tiles.*\\d+ waves.*"),
                "the notes say how the mask was tiled: " + edit.notes());
        ArgbImage result = ImageDecoder.read(out).image();
        Rect untouched = new Rect(0, 0, half.x() - 128, photo.height()); // beyond the feather at 4x shrink
        assertTrue(result.crop(untouched).samePixels(photo.crop(untouched)), "pixels away from the mask changed");
        double edges = ImageMetrics.worstWindowEdge(result, mask, new WindowPlan(edit.windows(), List.of()));
        System.out.printf(Locale.ROOT, "large inpaint: %d tiles, worst tile edge %.2f; %s%n", edit.windows().size(),
                edges, edit.notes());
        assertTrue(edges <= GOAL, String.format(Locale.ROOT, "the worst tile edge is %.2f, above %.1f", edges, GOAL));
    }

    /** A test photo copied out of the resources. */
    private Path photo(String name) throws IOException {
        Path path = dir.resolve(name + ".jpg");
        try (InputStream in = SeamlessFillsTest.class.getResourceAsStream("/com/arpgstudio/inference/photos/" + name
                + ".jpg")) {
            Files.copy(in, path);
        }
        return path;
    }

    private Path write(ArgbImage image, String name) throws IOException {
        Path path = dir.resolve(name);
        ImageIO.write(image.toBufferedImage(), "png", path.toFile());
        return path;
    }
}
