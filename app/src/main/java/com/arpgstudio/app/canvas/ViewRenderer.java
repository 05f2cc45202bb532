package com.arpgstudio.app.canvas;

import com.arpgstudio.app.document.Mask;
import com.arpgstudio.app.document.Raster;
import com.arpgstudio.app.document.Rect;

/**
 * Composes what the canvas shows into a screen-sized ARGB buffer: checkerboard beyond the image
 * (brighter where a pending outpaint will grow the frame), the image sampled from its pyramid,
 * a live preview over the area being generated, and the translucent mask overlay. Its cost depends
 * on the view's size, never on the image's.
 */
public final class ViewRenderer {

    private static final int CHECKER = 8;
    private static final int OUTSIDE_DARK = 0xff2a2d33;
    private static final int OUTSIDE_LIGHT = 0xff33373e;
    private static final int PENDING_DARK = 0xffbfc4cc;
    private static final int PENDING_LIGHT = 0xffe8ebef;

    /** An image shown over part of the document while it is being generated (document coordinates). */
    public record Overlay(Raster pixels, Rect placement) {}

    private int maskColor = 0xffff3d71;
    private double maskOpacity = 0.45;

    public void setMaskColor(int rgb, double opacity) {
        this.maskColor = 0xff000000 | rgb;
        this.maskOpacity = opacity;
    }

    /**
     * Fills {@code screen} (width x height, row-major ARGB).
     *
     * @param image   the document (or comparison) image pyramid
     * @param mask    the mask to overlay, or null to hide it
     * @param pending the frame the image will have after a pending outpaint (contains the image)
     * @param overlay a preview to draw over the image, or null
     */
    public void render(int[] screen, int width, int height, Viewport view, Pyramid image, Mask mask,
                       Rect pending, Overlay overlay) {
        double scale = view.scale();
        int levelIndex = image.levelFor(scale);
        Raster level = image.level(levelIndex);
        double levelScale = (double) level.width() / image.base().width();
        int imageW = image.base().width();
        int imageH = image.base().height();
        int maskA = (int) Math.round(maskOpacity * 256);
        int[] levelPixels = level.pixels();
        int levelW = level.width();
        int levelH = level.height();
        for (int sy = 0; sy < height; sy++) {
            double iy = view.toImageY(sy + 0.5);
            int py = (int) Math.floor(iy);
            int rowOut = sy * width;
            for (int sx = 0; sx < width; sx++) {
                double ix = view.toImageX(sx + 0.5);
                int px = (int) Math.floor(ix);
                boolean checkerOdd = (((sx / CHECKER) + (sy / CHECKER)) & 1) == 1;
                int color;
                if (overlay != null && contains(overlay.placement(), px, py)) {
                    color = sampleOverlay(overlay, ix, iy);
                    color = over(color, checkerOdd ? PENDING_LIGHT : PENDING_DARK);
                } else if (px >= 0 && py >= 0 && px < imageW && py < imageH) {
                    int lx = Math.min(levelW - 1, (int) (ix * levelScale));
                    int ly = Math.min(levelH - 1, (int) (iy * levelScale));
                    color = over(levelPixels[ly * levelW + lx], checkerOdd ? PENDING_LIGHT : PENDING_DARK);
                    if (mask != null && mask.isOn(px, py)) {
                        color = blend(color, maskColor, maskA);
                    }
                } else if (pending != null && contains(pending, px, py)) {
                    color = checkerOdd ? PENDING_LIGHT : PENDING_DARK;
                } else {
                    color = checkerOdd ? OUTSIDE_LIGHT : OUTSIDE_DARK;
                }
                screen[rowOut + sx] = color;
            }
        }
    }

    private static boolean contains(Rect r, int x, int y) {
        return x >= r.x() && y >= r.y() && x < r.right() && y < r.bottom();
    }

    private static int sampleOverlay(Overlay overlay, double ix, double iy) {
        Rect p = overlay.placement();
        Raster pixels = overlay.pixels();
        int ox = Math.min(pixels.width() - 1, (int) ((ix - p.x()) * pixels.width() / p.width()));
        int oy = Math.min(pixels.height() - 1, (int) ((iy - p.y()) * pixels.height() / p.height()));
        return pixels.get(Math.max(0, ox), Math.max(0, oy));
    }

    /** Source-over of a possibly translucent pixel on an opaque background. */
    private static int over(int src, int background) {
        int a = src >>> 24;
        if (a == 255) {
            return src;
        }
        return blend(background, src | 0xff000000, a + (a >> 7));
    }

    /** Mixes {@code top} into {@code base} with weight {@code alpha256} in [0, 256]. */
    private static int blend(int base, int top, int alpha256) {
        int inv = 256 - alpha256;
        int r = (((base >> 16) & 0xff) * inv + ((top >> 16) & 0xff) * alpha256) >> 8;
        int g = (((base >> 8) & 0xff) * inv + ((top >> 8) & 0xff) * alpha256) >> 8;
        int b = ((base & 0xff) * inv + (top & 0xff) * alpha256) >> 8;
        return 0xff000000 | r << 16 | g << 8 | b;
    }
}
