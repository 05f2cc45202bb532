package com.arpgstudio.app.document;

/** An axis-aligned pixel rectangle [x, x+width) x [y, y+height); empty when either side is 0. */
public record Rect(int x, int y, int width, int height) {

    public static final Rect EMPTY = new Rect(0, 0, 0, 0);

    public Rect {
        if (width < 0 || height < 0) {
            throw new IllegalArgumentException("expected a non-negative size, found " + width + "x" + height);
        }
    }

    public static Rect ofCorners(int x0, int y0, int x1, int y1) {
        return new Rect(Math.min(x0, x1), Math.min(y0, y1), Math.abs(x1 - x0), Math.abs(y1 - y0));
    }

    public boolean isEmpty() {
        return width == 0 || height == 0;
    }

    public int right() {
        return x + width;
    }

    public int bottom() {
        return y + height;
    }

    public long area() {
        return (long) width * height;
    }

    public Rect union(Rect other) {
        if (isEmpty()) {
            return other;
        }
        if (other.isEmpty()) {
            return this;
        }
        int x0 = Math.min(x, other.x);
        int y0 = Math.min(y, other.y);
        return new Rect(x0, y0, Math.max(right(), other.right()) - x0, Math.max(bottom(), other.bottom()) - y0);
    }

    public Rect intersect(Rect other) {
        int x0 = Math.max(x, other.x);
        int y0 = Math.max(y, other.y);
        int x1 = Math.min(right(), other.right());
        int y1 = Math.min(bottom(), other.bottom());
        return x1 <= x0 || y1 <= y0 ? EMPTY : new Rect(x0, y0, x1 - x0, y1 - y0);
    }

    /** This rectangle clipped to an image of the given size. */
    public Rect clip(int imageWidth, int imageHeight) {
        return intersect(new Rect(0, 0, imageWidth, imageHeight));
    }
}
