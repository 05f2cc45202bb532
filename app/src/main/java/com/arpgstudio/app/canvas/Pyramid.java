package com.arpgstudio.app.canvas;

import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.Rect;
import java.util.ArrayList;
import java.util.List;

/**
 * The image and its successive half-size box-filtered copies. A zoomed-out view samples the level
 * nearest its scale, so a 6000x4000 photo renders smoothly without touching 24 M pixels per frame,
 * and a brush stroke or a fill updates only the rectangle it changed.
 */
public final class Pyramid {

    private static final int SMALLEST_SIDE = 64;
    private final List<ArgbImage> levels = new ArrayList<>();

    public Pyramid(ArgbImage base) {
        levels.add(base);
        ArgbImage level = base;
        while (Math.min(level.width(), level.height()) / 2 >= SMALLEST_SIDE) {
            ArgbImage next = ArgbImage.blank(level.width() / 2, level.height() / 2);
            downsample(level, next, next.bounds());
            levels.add(next);
            level = next;
        }
    }

    public ArgbImage base() {
        return levels.get(0);
    }

    public int levelCount() {
        return levels.size();
    }

    public ArgbImage level(int index) {
        return levels.get(index);
    }

    /** The coarsest level still at least as detailed as the screen at this scale. */
    public int levelFor(double scale) {
        int level = 0;
        while (level + 1 < levels.size() && scale <= 1.0 / (1 << (level + 1))) {
            level++;
        }
        return level;
    }

    /** Recomputes the coarser levels under a changed rectangle of the base image. */
    public void update(Rect changed) {
        Rect r = changed;
        for (int i = 1; i < levels.size(); i++) {
            ArgbImage next = levels.get(i);
            int x0 = r.x() / 2;
            int y0 = r.y() / 2;
            int x1 = (r.right() + 1) / 2;
            int y1 = (r.bottom() + 1) / 2;
            r = Rect.ofCorners(x0, y0, x1, y1).clip(next.width(), next.height());
            if (r.isEmpty()) {
                return;
            }
            downsample(levels.get(i - 1), next, r);
        }
    }

    private static void downsample(ArgbImage from, ArgbImage to, Rect area) {
        int[] src = from.pixels();
        int[] dst = to.pixels();
        int sw = from.width();
        for (int y = area.y(); y < area.bottom(); y++) {
            int row0 = (2 * y) * sw;
            int row1 = Math.min(2 * y + 1, from.height() - 1) * sw;
            for (int x = area.x(); x < area.right(); x++) {
                int x0 = 2 * x;
                int x1 = Math.min(2 * x + 1, sw - 1);
                dst[y * to.width() + x] = average(src[row0 + x0], src[row0 + x1], src[row1 + x0], src[row1 + x1]);
            }
        }
    }

    private static int average(int a, int b, int c, int d) {
        int alpha = ((a >>> 24) + (b >>> 24) + (c >>> 24) + (d >>> 24) + 2) >> 2;
        int red = (((a >> 16) & 0xff) + ((b >> 16) & 0xff) + ((c >> 16) & 0xff) + ((d >> 16) & 0xff) + 2) >> 2;
        int green = (((a >> 8) & 0xff) + ((b >> 8) & 0xff) + ((c >> 8) & 0xff) + ((d >> 8) & 0xff) + 2) >> 2;
        int blue = ((a & 0xff) + (b & 0xff) + (c & 0xff) + (d & 0xff) + 2) >> 2;
        return alpha << 24 | red << 16 | green << 8 | blue;
    }
}
