package com.arpgstudio.inference.vq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Pixels to and from the tokenizer's tensors: channel-first RGB floats in [-1, 1], batch first.
 *
 * <p>Encoding follows the training transform (torchvision {@code ToTensor} then
 * {@code Normalize(0.5, 0.5)}): {@code (p / 255 - 0.5) / 0.5}. Alpha is ignored when encoding; when
 * decoding, it is taken from a source image if one is given (for compositing) and opaque otherwise.
 * Decoded values become pixels like the official sampler, {@code clamp(127.5 * x + 128, 0, 255)}
 * converted to uint8 (truncation).
 */
public final class ImageTensors {

    private ImageTensors() {}

    /** One 0..255 channel value to the model's range: {@code (p / 255 - 0.5) / 0.5}. */
    public static float toModel(int channel) {
        return (channel / 255f - 0.5f) / 0.5f;
    }

    /** One decoded value to a 0..255 channel: {@code uint8(clamp(127.5 * x + 128, 0, 255))}. */
    public static int toChannel(float x) {
        float v = 127.5f * x + 128f;
        return (int) Math.min(255f, Math.max(0f, v));
    }

    /** ARGB pixels (row-major, {@code width * height}) to CHW floats (3 * height * width); alpha ignored. */
    public static float[] toChw(int[] argb, int width, int height) {
        checkPixels(argb, width, height);
        int plane = width * height;
        float[] chw = new float[3 * plane];
        for (int i = 0; i < plane; i++) {
            int p = argb[i];
            chw[i] = toModel((p >>> 16) & 0xff);
            chw[plane + i] = toModel((p >>> 8) & 0xff);
            chw[2 * plane + i] = toModel(p & 0xff);
        }
        return chw;
    }

    /** CHW floats to opaque ARGB pixels. */
    public static int[] toArgb(float[] chw, int width, int height) {
        return toArgb(chw, 0, width, height, null);
    }

    /**
     * CHW floats starting at {@code offset} to ARGB pixels whose alpha is copied from
     * {@code alphaSource} (same size), or opaque when it is null.
     */
    public static int[] toArgb(float[] chw, int offset, int width, int height, int[] alphaSource) {
        int plane = checkedArea(width, height);
        if (offset < 0 || chw.length - offset < 3 * plane) {
            throw new IllegalArgumentException("expected " + 3 * plane + " values for a " + width + "x" + height
                    + " RGB image at offset " + offset + ", found " + (chw.length - offset));
        }
        if (alphaSource != null && alphaSource.length != plane) {
            throw new IllegalArgumentException("expected an alpha source of " + plane + " pixels, found "
                    + alphaSource.length);
        }
        int[] argb = new int[plane];
        for (int i = 0; i < plane; i++) {
            int alpha = alphaSource == null ? 0xff000000 : alphaSource[i] & 0xff000000;
            argb[i] = alpha
                    | toChannel(chw[offset + i]) << 16
                    | toChannel(chw[offset + plane + i]) << 8
                    | toChannel(chw[offset + 2 * plane + i]);
        }
        return argb;
    }

    /** The image's pixels as ARGB ints (non-premultiplied, sRGB), row-major. */
    public static int[] argb(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    /** A {@code TYPE_INT_ARGB} image holding these pixels. */
    public static BufferedImage toImage(int[] argb, int width, int height) {
        checkPixels(argb, width, height);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        image.setRGB(0, 0, width, height, argb, 0, width);
        return image;
    }

    /** A (1, 3, H, W) FLOAT32 tensor of the pixels in [-1, 1]. */
    public static NDArray toTensor(NDManager manager, int[] argb, int width, int height) {
        return manager.create(toChw(argb, width, height), new Shape(1, 3, height, width));
    }

    /** A (1, 3, H, W) FLOAT32 tensor of the image in [-1, 1]. */
    public static NDArray toTensor(NDManager manager, BufferedImage image) {
        return toTensor(manager, argb(image), image.getWidth(), image.getHeight());
    }

    /** Opaque ARGB pixels of a (1, 3, H, W) or (3, H, W) tensor. */
    public static int[] toArgb(NDArray image) {
        Shape shape = image.getShape();
        boolean batched = shape.dimension() == 4;
        if (!(batched && shape.get(0) == 1 && shape.get(1) == 3) && !(shape.dimension() == 3 && shape.get(0) == 3)) {
            throw new IllegalArgumentException("expected an image tensor (1, 3, H, W) or (3, H, W), found " + shape);
        }
        int height = (int) shape.get(shape.dimension() - 2);
        int width = (int) shape.get(shape.dimension() - 1);
        return toArgb(image.toType(DataType.FLOAT32, false).toFloatArray(), width, height);
    }

    /**
     * Images (B, 3, H, W) to opaque ARGB pixels (B, H, W) INT32, computed where the images are:
     * {@link #toChannel} of every value (the same float operations, so the same pixels, NaN as 0),
     * packed as {@link #toArgb(float[], int, int, int, int[])} packs them. On a GPU the host then
     * copies 4 bytes a pixel instead of 12, and does no conversion.
     */
    public static NDArray toArgbPixels(NDArray images) {
        Shape shape = images.getShape();
        if (shape.dimension() != 4 || shape.get(1) != 3) {
            throw new IllegalArgumentException("expected images (B, 3, H, W), found " + shape);
        }
        NDArray v = images.toType(DataType.FLOAT32, false).mul(127.5f).add(128f).clip(0f, 255f); // (B, 3, H, W)
        NDArray channels = NDArrays.where(v.isNaN(), v.zerosLike(), v).toType(DataType.INT32, false); // truncated
        NDArray r = channels.get(":, 0");                                                      // (B, H, W)
        NDArray g = channels.get(":, 1");
        NDArray b = channels.get(":, 2");
        return r.mul(1 << 16).add(g.mul(1 << 8)).add(b).add(0xff000000);
    }

    /**
     * Same-sized ARGB images as a (B, 3, H, W) FLOAT32 tensor of model values made on the
     * manager's device: each image's bytes go over as they are (4 a pixel, not 12 of floats) and
     * become {@link #toModel} of each channel there, with the same float operations, so the same
     * values: DJL makes each scalar a tensor on the array's device, so libtorch divides exactly
     * (its CUDA kernel multiplies by the reciprocal only of a divisor given as a host scalar).
     */
    public static NDArray fromArgbPixels(NDManager manager, List<int[]> images, int width, int height) {
        int area = checkedArea(width, height);
        ByteBuffer bytes = ByteBuffer.allocateDirect(Math.multiplyExact(Math.multiplyExact(4, area), images.size()))
                .order(ByteOrder.LITTLE_ENDIAN);
        for (int[] argb : images) {
            checkPixels(argb, width, height);
            bytes.asIntBuffer().put(argb);                      // a fresh view starts at the buffer's position
            bytes.position(bytes.position() + 4 * area);
        }
        bytes.rewind();
        // little-endian ARGB ints are the bytes B, G, R, A of each pixel
        NDArray pixels = manager.create(bytes, new Shape(images.size(), height, width, 4), DataType.UINT8);
        NDArray rgb = NDArrays.stack(new NDList(pixels.get(":, :, :, 2"), pixels.get(":, :, :, 1"),
                pixels.get(":, :, :, 0")), 1).toType(DataType.FLOAT32, false);             // (B, 3, H, W)
        return rgb.div(255f).sub(0.5f).div(0.5f);
    }

    /** Fails unless both sides are positive multiples of the tokenizer's downsampling factor. */
    public static void requireDivisible(int width, int height, int factor) {
        if (width <= 0 || height <= 0 || width % factor != 0 || height % factor != 0) {
            throw new IllegalArgumentException("expected image sides that are positive multiples of " + factor
                    + ", found " + width + "x" + height);
        }
    }

    private static void checkPixels(int[] argb, int width, int height) {
        int area = checkedArea(width, height);
        if (argb.length != area) {
            throw new IllegalArgumentException("expected " + area + " pixels for " + width + "x" + height + ", found "
                    + argb.length);
        }
    }

    private static int checkedArea(int width, int height) {
        if (width <= 0 || height <= 0 || (long) width * height * 3 > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("expected a positive image size that fits in memory, found "
                    + width + "x" + height);
        }
        return width * height;
    }
}
