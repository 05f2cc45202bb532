package com.arpgstudio.app.canvas;

import com.arpgstudio.inference.edit.Rect;
import java.nio.IntBuffer;
import javafx.geometry.Rectangle2D;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

/**
 * The composed frame on the FX side: an image over a {@link PixelBuffer} in the composer's own
 * pixel format, so a tile from the {@link FrameComposer} is one copy of the rectangle it changed.
 */
final class FrameImage {

    private WritableImage image;
    private PixelBuffer<IntBuffer> buffer;
    private int[] pixels;

    /** Copies a composed tile in (a new image when the size changed); false without one. */
    boolean copy(FrameComposer.Tile tile) {
        if (tile == null) {
            return false;
        }
        int w = tile.width();
        if (image == null || image.getWidth() != w || image.getHeight() != tile.height()) {
            if (!tile.coversFrame()) {
                return false; // part of a frame of another size: a whole new frame follows
            }
            pixels = tile.pixels();
            buffer = new PixelBuffer<>(w, tile.height(), IntBuffer.wrap(pixels), PixelFormat.getIntArgbPreInstance());
            image = new WritableImage(buffer);
            return true;
        }
        Rect area = tile.area();
        buffer.updateBuffer(b -> {
            for (int row = 0; row < area.height(); row++) {
                System.arraycopy(tile.pixels(), row * area.width(), pixels, (area.y() + row) * w + area.x(),
                        area.width());
            }
            return new Rectangle2D(area.x(), area.y(), area.width(), area.height());
        });
        return true;
    }

    /** Draws the frame, composed at {@code scale} screen pixels a logical pixel, into its logical size. */
    void draw(GraphicsContext g, double scale) {
        if (image != null) {
            g.drawImage(image, 0, 0, image.getWidth() / scale, image.getHeight() / scale);
        }
    }

    /** The frame's size in screen pixels (width, height), or null before the first frame. */
    int[] size() {
        return image == null ? null : new int[] {(int) image.getWidth(), (int) image.getHeight()};
    }
}
