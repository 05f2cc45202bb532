package com.arpgstudio.inference.edit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.runtime.Cancellation;
import com.arpgstudio.inference.runtime.EmbeddedModel;
import com.arpgstudio.inference.runtime.Settings;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Quality with the embedded default model: a hole in a smooth sky-like gradient is filled with
 * colours that continue it, and the fill meets the original without a visible step.
 */
class DefaultModelInpaintTest {

    @TempDir
    Path home;

    @Test
    void aHoleInASmoothGradientIsFilledSeamlessly() throws Exception {
        assumeTrue(EmbeddedModel.bundled().isBundled(), "this build has no embedded default model");
        Path folder = EmbeddedModel.bundled().extractTo(home.resolve("default"));
        ModelFiles files = ModelFiles.resolve(folder, null, Settings.defaults());
        try (LoadedModels loaded = LoadedModels.load(files, Device.cpu())) {
            int size = 128;
            int[] px = new int[size * size];
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    px[y * size + x] = 0xff000000 | (90 + y / 2) << 16 | (140 + y / 3) << 8 | (230 - x / 8);
                }
            }
            ArgbImage sky = new ArgbImage(size, size, px);
            Rect hole = new Rect(44, 44, 40, 40);
            PixelMask mask = PixelMask.ofRect(size, size, hole);
            ArgbImage result = new Editor(loaded.models(), PreviewPolicy.CODES_ONLY).run(
                    EditRequest.inpaint(sky, mask, SamplingSettings.DEFAULTS.withSteps(16).withSeed(1).withClassId(5)),
                    EditListener.NONE, Cancellation.none()).image();
            double fill = meanAbsDifference(sky, result, hole);
            // the step at the edge: the outermost ring of the hole against the ring just outside it
            double inner = meanAbsDifference(sky, result, ring(hole, 0));
            assertTrue(fill < 8, "the fill strays from the gradient by " + fill + " levels on average");
            assertTrue(inner < 4, "the fill's edge differs from the original by " + inner + " levels");
        }
    }

    /** The one-pixel ring at distance {@code d} inside the rectangle's border. */
    private static Rect[] ring(Rect r, int d) {
        return new Rect[] {new Rect(r.x() + d, r.y() + d, r.width() - 2 * d, 1),
                new Rect(r.x() + d, r.bottom() - 1 - d, r.width() - 2 * d, 1),
                new Rect(r.x() + d, r.y() + d, 1, r.height() - 2 * d),
                new Rect(r.right() - 1 - d, r.y() + d, 1, r.height() - 2 * d)};
    }

    private static double meanAbsDifference(ArgbImage a, ArgbImage b, Rect... areas) {
        double sum = 0;
        long n = 0;
        for (Rect area : areas) {
            for (int y = area.y(); y < area.bottom(); y++) {
                for (int x = area.x(); x < area.right(); x++) {
                    int p = a.get(x, y);
                    int q = b.get(x, y);
                    for (int shift = 0; shift <= 16; shift += 8) {
                        sum += Math.abs(((p >> shift) & 0xff) - ((q >> shift) & 0xff));
                    }
                    n += 3;
                }
            }
        }
        return sum / n;
    }
}
