package com.arpgstudio.app.editing;

import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.Rect;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;

/**
 * The one adapter between the engine's {@link ArgbImage} and JavaFX images (copy, paste, thumbnails):
 * the editor keeps its pixels in the engine's types and converts only here.
 */
public final class FxImages {

    private FxImages() {}

    public static ArgbImage fromImage(Image image) {
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        PixelReader reader = image.getPixelReader();
        if (reader == null) {
            throw new IllegalArgumentException("the clipboard image has no readable pixels");
        }
        int[] argb = new int[w * h];
        reader.getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        return new ArgbImage(w, h, argb);
    }

    /** The pixels of {@code region} (inside the raster) as a JavaFX image (copy to the clipboard). */
    public static WritableImage toImage(ArgbImage raster, Rect region) {
        WritableImage image = new WritableImage(region.width(), region.height());
        image.getPixelWriter().setPixels(0, 0, region.width(), region.height(), PixelFormat.getIntArgbInstance(),
                raster.crop(region).pixels(), 0, region.width());
        return image;
    }

    /** A box-filtered thumbnail of {@code area} of the raster, its longer side at most {@code maxSide}. */
    public static WritableImage thumbnail(ArgbImage raster, Rect area, int maxSide) {
        Rect crop = area.clip(raster.width(), raster.height());
        if (crop.isEmpty()) {
            crop = raster.bounds();
        }
        double scale = Math.min(1.0, (double) maxSide / Math.max(crop.width(), crop.height()));
        int w = Math.max(1, (int) Math.round(crop.width() * scale));
        int h = Math.max(1, (int) Math.round(crop.height() * scale));
        int[] out = new int[w * h];
        for (int y = 0; y < h; y++) {
            int sy0 = crop.y() + y * crop.height() / h;
            int sy1 = Math.max(sy0 + 1, crop.y() + (y + 1) * crop.height() / h);
            for (int x = 0; x < w; x++) {
                int sx0 = crop.x() + x * crop.width() / w;
                int sx1 = Math.max(sx0 + 1, crop.x() + (x + 1) * crop.width() / w);
                long a = 0, r = 0, g = 0, b = 0;
                int n = 0;
                for (int sy = sy0; sy < sy1; sy += Math.max(1, (sy1 - sy0) / 4)) {
                    for (int sx = sx0; sx < sx1; sx += Math.max(1, (sx1 - sx0) / 4)) {
                        int p = raster.get(sx, sy);
                        a += p >>> 24;
                        r += (p >> 16) & 0xff;
                        g += (p >> 8) & 0xff;
                        b += p & 0xff;
                        n++;
                    }
                }
                out[y * w + x] = (int) (a / n) << 24 | (int) (r / n) << 16 | (int) (g / n) << 8 | (int) (b / n);
            }
        }
        WritableImage image = new WritableImage(w, h);
        image.getPixelWriter().setPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), out, 0, w);
        return image;
    }
}
