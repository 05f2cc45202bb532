package com.arpgstudio.app.editing;

import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.Preview;
import com.arpgstudio.inference.edit.Rect;

/**
 * The picture of a running edit as the canvas shows it: one raster over the canvas area the edit's
 * windows cover, transparent at first, into which every step's preview is painted, but only where
 * the edit will change pixels (the mask, the new outpaint area, all of an expansion). Windows that
 * are done stay in it, so an outpaint visibly builds up; pixels the edit keeps are never covered by
 * the model-size preview, so a face next to the mask stays sharp. The edit's canvas is in its own
 * pixels: {@code scale} of them per document pixel (2 for an expansion), its origin at document
 * {@code (originX, originY)}. Engine thread only; the canvas reads the raster meanwhile and redraws
 * what each paint reports.
 */
final class LiveLayer {

    /** Which canvas pixels the edit will change. */
    interface Changes {
        boolean at(int x, int y);
    }

    private final Rect area;
    private final int scale;
    private final int originX;
    private final int originY;
    private final Changes changes;
    private final Preview preview;

    /** {@code area}: the canvas pixels to cover (rounded out to whole document pixels). */
    LiveLayer(Rect area, int scale, int originX, int originY, Changes changes) {
        int x0 = Math.floorDiv(area.x(), scale) * scale;
        int y0 = Math.floorDiv(area.y(), scale) * scale;
        int x1 = -Math.floorDiv(-area.right(), scale) * scale;
        int y1 = -Math.floorDiv(-area.bottom(), scale) * scale;
        this.area = new Rect(x0, y0, x1 - x0, y1 - y0);
        this.scale = scale;
        this.originX = originX;
        this.originY = originY;
        this.changes = changes;
        // not a full decode: windows still running show their per-step approximation
        this.preview = new Preview(toDocument(this.area), ArgbImage.blank(this.area.width(), this.area.height()), false);
    }

    Preview preview() {
        return preview;
    }

    /**
     * Paints the window image {@code image} (drawn scaled over {@code region}, canvas pixels) inside
     * {@code changed}, on the pixels the edit changes; returns the document rectangle that changed
     * (empty when none of them is one the edit changes).
     */
    Rect paint(Rect region, int[] image, int imageWidth, int imageHeight, Rect changed) {
        Rect target = changed.intersect(region).intersect(area);
        if (target.isEmpty()) {
            return Rect.EMPTY;
        }
        int[] out = preview.image().pixels();
        int stride = area.width();
        Rect painted = Rect.EMPTY;
        for (int y = target.y(); y < target.bottom(); y++) {
            int sourceRow = (int) ((long) (y - region.y()) * imageHeight / region.height()) * imageWidth;
            int row = (y - area.y()) * stride - area.x();
            int first = -1;
            int last = -1;
            for (int x = target.x(); x < target.right(); x++) {
                if (changes.at(x, y)) {
                    out[row + x] = image[sourceRow + (int) ((long) (x - region.x()) * imageWidth / region.width())];
                    first = first < 0 ? x : first;
                    last = x;
                }
            }
            if (first >= 0) {
                painted = painted.union(new Rect(first, y, last - first + 1, 1));
            }
        }
        return painted.isEmpty() ? Rect.EMPTY : toDocument(painted);
    }

    private Rect toDocument(Rect canvas) {
        int x0 = originX + Math.floorDiv(canvas.x(), scale);
        int y0 = originY + Math.floorDiv(canvas.y(), scale);
        int x1 = originX - Math.floorDiv(-canvas.right(), scale);
        int y1 = originY - Math.floorDiv(-canvas.bottom(), scale);
        return new Rect(x0, y0, x1 - x0, y1 - y0);
    }
}
