package com.arpgstudio.inference.edit;

/**
 * One pass of the model over part of the canvas.
 *
 * @param region  the canvas pixels the model sees, {@code columns * patch * scale} wide; it may
 *                hang over the canvas edge when the canvas is smaller than a window (edge pixels
 *                repeat there)
 * @param target  the canvas pixels this window is responsible for: masked pixels inside it are
 *                generated here, masked pixels of the region outside it are left to later windows
 * @param columns token columns of the window (at most the model's grid width)
 * @param rows    token rows of the window (at most the model's grid height)
 * @param scale   canvas pixels per model pixel (1 = native resolution, 2 = region shrunk by half)
 */
public record Window(Rect region, Rect target, int columns, int rows, double scale) {

    public Window {
        if (region == null || target == null) { // a window read from a damaged record
            throw new IllegalArgumentException("expected a window's region and target, found " + region + " and " + target);
        }
        if (columns <= 0 || rows <= 0) {
            throw new IllegalArgumentException("expected a positive token grid, found " + columns + "x" + rows);
        }
        if (!(scale >= 1.0)) {
            throw new IllegalArgumentException("expected a scale >= 1, found " + scale);
        }
    }

    /**
     * Whether this window's target, grown by {@code margin} canvas pixels (what its paste may write
     * beyond it, and how far its mask's dilation reaches), reaches into {@code other}'s region (the
     * pixels the other reads). If not, {@code other} sees nothing of this window's result.
     */
    public boolean reaches(Window other, int margin) {
        Rect grown = new Rect(target.x() - margin, target.y() - margin, target.width() + 2 * margin,
                target.height() + 2 * margin);
        return !grown.intersect(other.region).isEmpty();
    }

    /** Model pixels of the window for a tokenizer of the given patch size. */
    public int modelWidth(int patch) {
        return columns * patch;
    }

    public int modelHeight(int patch) {
        return rows * patch;
    }

    /** The canvas pixels covered by token cell (column, row). */
    public Rect cell(int column, int row) {
        int x0 = region.x() + (int) Math.floor((double) column * region.width() / columns);
        int x1 = region.x() + (int) Math.floor((double) (column + 1) * region.width() / columns);
        int y0 = region.y() + (int) Math.floor((double) row * region.height() / rows);
        int y1 = region.y() + (int) Math.floor((double) (row + 1) * region.height() / rows);
        return new Rect(x0, y0, x1 - x0, y1 - y0);
    }
}
