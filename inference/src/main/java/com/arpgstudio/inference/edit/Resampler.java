package com.arpgstudio.inference.edit;

import java.util.Arrays;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Separable bicubic resizing (Keys' kernel, a = -0.5, as PIL's BICUBIC) with the kernel widened
 * when shrinking, so downscaling averages every source pixel instead of aliasing. All four
 * channels are filtered; alpha-weighted colour is not needed because edits keep alpha separate.
 */
public final class Resampler {

    private static final double A = -0.5;
    /** Values of a pass below which it stays on the calling thread. */
    private static final int PARALLEL_VALUES = 1 << 16;

    private Resampler() {}

    public static ArgbImage resize(ArgbImage source, int width, int height) {
        if (width == source.width() && height == source.height()) {
            return source.copy();
        }
        float[][] planes = toPlanes(source);
        // an opaque image's alpha plane (255 everywhere) resizes to values that round to 255: the same
        // pixels without filtering it, a quarter of the work (photos and decoded windows are opaque)
        boolean opaque = isOpaque(source);
        for (int c = opaque ? 1 : 0; c < 4; c++) {
            planes[c] = resizePlane(planes[c], source.width(), source.height(), width, height);
        }
        if (opaque) {
            planes[0] = new float[width * height];
            Arrays.fill(planes[0], 255f);
        }
        return fromPlanes(planes, width, height);
    }

    private static boolean isOpaque(ArgbImage image) {
        for (int p : image.pixels()) {
            if (p >>> 24 != 0xff) {
                return false;
            }
        }
        return true;
    }

    /** Resizes one float plane of {@code w x h} values (any range, no rounding). */
    public static float[] resizePlane(float[] plane, int w, int h, int newW, int newH) {
        return resizeAxis(resizeAxis(plane, w, h, newW, true), newW, h, newH, false);
    }

    /** Channel planes A, R, G, B as floats 0..255. */
    static float[][] toPlanes(ArgbImage image) {
        int width = image.width();
        int[] pixels = image.pixels();
        float[][] planes = new float[4][pixels.length];
        forEachLine(image.height(), width, y -> {
            for (int i = y * width; i < (y + 1) * width; i++) {
                int p = pixels[i];
                planes[0][i] = p >>> 24;
                planes[1][i] = (p >> 16) & 0xff;
                planes[2][i] = (p >> 8) & 0xff;
                planes[3][i] = p & 0xff;
            }
        });
        return planes;
    }

    static ArgbImage fromPlanes(float[][] planes, int width, int height) {
        int[] out = new int[width * height];
        forEachLine(height, width, y -> {
            for (int i = y * width; i < (y + 1) * width; i++) {
                out[i] = clampByte(planes[0][i]) << 24 | clampByte(planes[1][i]) << 16
                        | clampByte(planes[2][i]) << 8 | clampByte(planes[3][i]);
            }
        });
        return new ArgbImage(width, height, out);
    }

    static int clampByte(float v) {
        return Math.max(0, Math.min(255, Math.round(v)));
    }

    /** Resizes one plane along x ({@code alongX}) or y; the other axis keeps its length. */
    private static float[] resizeAxis(float[] plane, int w, int h, int newLength, boolean alongX) {
        int oldLength = alongX ? w : h;
        if (newLength == oldLength) {
            return plane;
        }
        double scale = (double) oldLength / newLength;
        double support = 2.0 * Math.max(1.0, scale);
        double kernelScale = 1.0 / Math.max(1.0, scale);
        int taps = (int) Math.ceil(support) * 2 + 1;
        // per output value i, its taps' weights and source positions (clamped to the edge) at [i * taps + t]
        float[] weights = new float[newLength * taps];
        int[] sources = new int[newLength * taps];
        for (int i = 0; i < newLength; i++) {
            double center = (i + 0.5) * scale;
            int start = (int) Math.floor(center - support);
            double sum = 0;
            for (int t = 0; t < taps; t++) {
                double wgt = cubic((start + t + 0.5 - center) * kernelScale);
                weights[i * taps + t] = (float) wgt;
                sources[i * taps + t] = Math.min(oldLength - 1, Math.max(0, start + t));
                sum += wgt;
            }
            for (int t = 0; t < taps; t++) {
                weights[i * taps + t] /= (float) sum;
            }
        }
        float[] out = new float[alongX ? newLength * h : w * newLength];
        if (alongX) {
            forEachLine(h, newLength, line -> {
                int row = line * w;
                for (int i = 0; i < newLength; i++) {
                    float acc = 0;
                    for (int k = i * taps; k < (i + 1) * taps; k++) {
                        acc += weights[k] * plane[row + sources[k]];
                    }
                    out[line * newLength + i] = acc;
                }
            });
        } else {
            // output row i adds source rows in tap order, reading and writing whole rows: every value
            // is the same sum, in the same order, as value by value down the columns (which reads
            // one float per cache line)
            forEachLine(newLength, w, i -> {
                int row = i * w;
                for (int t = 0; t < taps; t++) {
                    float weight = weights[i * taps + t];
                    int source = sources[i * taps + t] * w;
                    for (int x = 0; x < w; x++) {
                        out[row + x] += weight * plane[source + x];
                    }
                }
            });
        }
        return out;
    }

    /** Runs {@code work} for lines 0..count-1 of {@code length} values each, on the common pool when there are many values. */
    private static void forEachLine(int count, int length, IntConsumer work) {
        IntStream lines = IntStream.range(0, count);
        ((long) count * length >= PARALLEL_VALUES ? lines.parallel() : lines).forEach(work);
    }

    private static double cubic(double x) {
        x = Math.abs(x);
        if (x < 1) {
            return ((A + 2) * x - (A + 3)) * x * x + 1;
        }
        if (x < 2) {
            return (((x - 5) * x + 8) * x - 4) * A;
        }
        return 0;
    }
}
