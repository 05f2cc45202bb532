package com.arpgstudio.app.canvas;

import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.PixelMask;
import com.arpgstudio.inference.edit.Preview;
import com.arpgstudio.inference.edit.Rect;

/**
 * Composes what the canvas shows into a screen-sized ARGB buffer: checkerboard beyond the image
 * (brighter where a pending outpaint will grow the frame), the image sampled from its pyramid,
 * a live preview over the area being generated (its transparent pixels show what is below), and
 * the translucent mask overlay. Its cost depends
 * on the view's size, never on the image's, and a part of the frame can be composed alone. Every
 * output pixel is opaque, so the buffer is valid both as ARGB and as premultiplied ARGB.
 * Not thread-safe: each thread uses its own instance (column tables are reused between calls).
 */
public final class ViewRenderer {

    private static final int CHECKER = 8;

    private int outsideDark;
    private int outsideLight;
    private int pendingDark;
    private int pendingLight;
    private int maskColor;
    private int maskAlpha;

    // Per screen column of the area being drawn: image x, level x, preview x, checker parity.
    private int[] imageColumn = new int[0];
    private int[] levelColumn = new int[0];
    private int[] overlayColumn = new int[0];
    private int[] checkerColumn = new int[0];

    public ViewRenderer() {
        setPalette(CanvasPalette.UNSTYLED);
    }

    /** The colours of the checkerboards and the mask tint (opaque, so the frame stays opaque). */
    public void setPalette(CanvasPalette palette) {
        outsideDark = 0xff000000 | CanvasPalette.argb(palette.outside());
        outsideLight = 0xff000000 | CanvasPalette.argb(palette.outsideAlternate());
        pendingDark = 0xff000000 | CanvasPalette.argb(palette.pending());
        pendingLight = 0xff000000 | CanvasPalette.argb(palette.pendingAlternate());
        maskColor = 0xff000000 | CanvasPalette.argb(palette.mask());
        maskAlpha = (int) Math.round(palette.mask().getOpacity() * 256);
    }

    /**
     * Fills {@code screen} (width x height, row-major ARGB).
     *
     * @param image   the document (or comparison) image pyramid
     * @param mask    the mask to overlay, or null to hide it
     * @param pending the frame the image will have after a pending outpaint (contains the image)
     * @param overlay a preview to draw over the image, or null
     */
    public void render(int[] screen, int width, int height, Viewport view, Pyramid image, PixelMask mask,
                       Rect pending, Preview overlay) {
        compose(screen, 0, width, new Rect(0, 0, width, height), view, image, mask, pending, overlay);
    }

    /**
     * Composes only {@code area} of the frame (screen pixels) into {@code tile}, row-major
     * {@code area.width() x area.height()}; the arguments are those of a whole frame.
     */
    public void renderArea(int[] tile, Rect area, Viewport view, Pyramid image, PixelMask mask, Rect pending,
                           Preview overlay) {
        compose(tile, 0, area.width(), area, view, image, mask, pending, overlay);
    }

    /**
     * The screen pixels (clipped to the frame) whose sample falls inside {@code imageArea}, by the
     * same sampling rule as the drawing, so a redraw of it covers exactly those pixels.
     */
    public static Rect screenArea(Rect imageArea, Viewport view, int width, int height) {
        int x0 = width;
        int x1 = 0;
        for (int sx = 0; sx < width; sx++) {
            int px = imageX(view, sx);
            if (px >= imageArea.x() && px < imageArea.right()) {
                x0 = Math.min(x0, sx);
                x1 = sx + 1;
            }
        }
        int y0 = height;
        int y1 = 0;
        for (int sy = 0; sy < height; sy++) {
            int py = imageY(view, sy);
            if (py >= imageArea.y() && py < imageArea.bottom()) {
                y0 = Math.min(y0, sy);
                y1 = sy + 1;
            }
        }
        return x1 <= x0 || y1 <= y0 ? Rect.EMPTY : new Rect(x0, y0, x1 - x0, y1 - y0);
    }

    private static int imageX(Viewport view, int sx) {
        return (int) Math.max(Integer.MIN_VALUE / 2, Math.min(Integer.MAX_VALUE / 2, Math.floor(view.toImageX(sx + 0.5))));
    }

    private static int imageY(Viewport view, int sy) {
        return (int) Math.max(Integer.MIN_VALUE / 2, Math.min(Integer.MAX_VALUE / 2, Math.floor(view.toImageY(sy + 0.5))));
    }

    /** Writes the pixels of screen {@code area} to {@code out}, row r at {@code offset + r * stride}. */
    private void compose(int[] out, int offset, int stride, Rect area, Viewport view, Pyramid image, PixelMask mask,
                         Rect pending, Preview overlay) {
        if (area.isEmpty()) {
            return;
        }
        int imageW = image.base().width();
        int imageH = image.base().height();
        ArgbImage level = image.level(image.levelFor(view.scale()));
        int levelW = level.width();
        int levelH = level.height();
        double levelScale = (double) levelW / imageW;
        int[] levelPixels = level.pixels();
        int maskA = maskAlpha;

        Rect placed = overlay == null ? Rect.EMPTY : overlay.region();
        ArgbImage preview = overlay == null ? null : overlay.image();
        int previewW = preview == null ? 0 : preview.width();
        int previewH = preview == null ? 0 : preview.height();
        int[] previewPixels = preview == null ? null : preview.pixels();

        int columns = area.width();
        ensureColumns(columns);
        for (int i = 0; i < columns; i++) {
            int sx = area.x() + i;
            double ix = view.toImageX(sx + 0.5);
            imageColumn[i] = imageX(view, sx);
            levelColumn[i] = Math.min(levelW - 1, (int) (ix * levelScale));
            if (preview != null) {
                int ox = Math.min(previewW - 1, (int) ((ix - placed.x()) * previewW / placed.width()));
                overlayColumn[i] = Math.max(0, ox);
            }
            checkerColumn[i] = (sx / CHECKER) & 1;
        }
        for (int sy = area.y(); sy < area.bottom(); sy++) {
            double iy = view.toImageY(sy + 0.5);
            int py = imageY(view, sy);
            int checkerRow = (sy / CHECKER) & 1;
            boolean previewRow = preview != null && py >= placed.y() && py < placed.bottom();
            int previewRowStart = 0;
            if (previewRow) {
                int oy = Math.min(previewH - 1, (int) ((iy - placed.y()) * previewH / placed.height()));
                previewRowStart = Math.max(0, oy) * previewW;
            }
            boolean imageRow = py >= 0 && py < imageH;
            int levelRowStart = imageRow ? Math.min(levelH - 1, (int) (iy * levelScale)) * levelW : 0;
            boolean pendingRow = pending != null && py >= pending.y() && py < pending.bottom();
            int o = offset + (sy - area.y()) * stride;
            for (int i = 0; i < columns; i++) {
                int px = imageColumn[i];
                boolean light = (checkerColumn[i] ^ checkerRow) == 1;
                int color;
                int shown = previewRow && px >= placed.x() && px < placed.right()
                        ? previewPixels[previewRowStart + overlayColumn[i]] : 0;
                if (shown >>> 24 != 0) {
                    color = over(shown, light ? pendingLight : pendingDark);
                } else if (imageRow && px >= 0 && px < imageW) {
                    color = over(levelPixels[levelRowStart + levelColumn[i]], light ? pendingLight : pendingDark);
                    int coverage = mask == null ? 0 : mask.coverage(px, py);
                    if (coverage != 0) { // a soft edge's tint in proportion to its coverage
                        color = blend(color, maskColor, coverage == 0xff ? maskA : maskA * coverage / 0xff);
                    }
                } else if (pendingRow && px >= pending.x() && px < pending.right()) {
                    color = light ? pendingLight : pendingDark;
                } else {
                    color = light ? outsideLight : outsideDark;
                }
                out[o + i] = color;
            }
        }
    }

    private void ensureColumns(int columns) {
        if (imageColumn.length < columns) {
            imageColumn = new int[columns];
            levelColumn = new int[columns];
            overlayColumn = new int[columns];
            checkerColumn = new int[columns];
        }
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
