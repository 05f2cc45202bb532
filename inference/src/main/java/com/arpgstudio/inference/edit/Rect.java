package com.arpgstudio.inference.edit;

/** An axis-aligned rectangle of pixels or tokens: {@code [x, x + width) x [y, y + height)}. */
public record Rect(int x, int y, int width, int height) {

    /** No pixels, at the origin. */
    public static final Rect EMPTY = new Rect(0, 0, 0, 0);

    public Rect {
        if (width < 0 || height < 0) {
            throw new IllegalArgumentException("expected a non-negative size, found " + width + "x" + height);
        }
    }

    public static Rect ofSize(int width, int height) {
        return new Rect(0, 0, width, height);
    }

    /** The rectangle between two corners given in either order (a drag's start and end). */
    public static Rect ofCorners(int x0, int y0, int x1, int y1) {
        return new Rect(Math.min(x0, x1), Math.min(y0, y1), Math.abs(x1 - x0), Math.abs(y1 - y0));
    }

    public int right() {
        return x + width;
    }

    public int bottom() {
        return y + height;
    }

    public boolean isEmpty() {
        return width == 0 || height == 0;
    }

    public long area() {
        return (long) width * height;
    }

    public boolean contains(int px, int py) {
        return px >= x && py >= y && px < right() && py < bottom();
    }

    public boolean contains(Rect other) { // in long: a rectangle read from a file may end past Integer.MAX_VALUE
        return other.x >= x && other.y >= y && (long) other.x + other.width <= (long) x + width
                && (long) other.y + other.height <= (long) y + height;
    }

    /** The common part, empty (at this rectangle's origin) when they do not overlap. */
    public Rect intersect(Rect other) {
        int left = Math.max(x, other.x);
        int top = Math.max(y, other.y);
        int r = Math.min(right(), other.right());
        int b = Math.min(bottom(), other.bottom());
        return r <= left || b <= top ? new Rect(x, y, 0, 0) : new Rect(left, top, r - left, b - top);
    }

    /** The smallest rectangle holding both; an empty operand is ignored. */
    public Rect union(Rect other) {
        if (isEmpty()) {
            return other;
        }
        if (other.isEmpty()) {
            return this;
        }
        int left = Math.min(x, other.x);
        int top = Math.min(y, other.y);
        return new Rect(left, top, Math.max(right(), other.right()) - left, Math.max(bottom(), other.bottom()) - top);
    }

    /** The part inside an image of this size. */
    public Rect clip(int imageWidth, int imageHeight) {
        return intersect(ofSize(imageWidth, imageHeight));
    }

    /** Grown by {@code margin} on every side, then clipped to {@code bounds}. */
    public Rect grow(int margin, Rect bounds) {
        return new Rect(x - margin, y - margin, width + 2 * margin, height + 2 * margin).intersect(bounds);
    }

    /** Moved by (dx, dy). */
    public Rect translate(int dx, int dy) {
        return new Rect(x + dx, y + dy, width, height);
    }
}
