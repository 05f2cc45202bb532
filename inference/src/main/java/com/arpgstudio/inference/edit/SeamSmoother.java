package com.arpgstudio.inference.edit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Takes the step out of a line where two fills (two windows, or a fill and the photo) meet: along
 * the line, the step across it is compared with the steps beside it (the gradient continued from
 * both sides); the excess, smoothed a little along the line, is spread over a ramp on each side
 * (linearly from half the excess at the line to nothing {@code width} pixels away; all of it on one
 * side when only that side may change). What is left at the line is the image's own gradient, as
 * if the two sides had been one picture, while the detail on either side stays as it was: the
 * gradient-domain idea of Poisson blending, along one line. Only pixels of {@code writable} change.
 */
final class SeamSmoother {

    private SeamSmoother() {}

    /**
     * Smooths the edges of every target, each line over the whole stretch where targets' edges lie
     * on it (segments on one line merged, so that one target's correction does not leave a step at
     * the end of its neighbour's), rows first, then columns; twice, as each direction's ramps leave a
     * little step on the lines of the other.
     */
    static void targetEdges(ArgbImage canvas, List<Rect> targets, int width, PixelMask writable) {
        Map<Integer, List<int[]>> rows = edges(targets, false);
        Map<Integer, List<int[]>> columns = edges(targets, true);
        for (int round = 0; round < 2; round++) {
            rows.forEach((y, spans) -> spans.forEach(s -> row(canvas, y, s[0], s[1], width, writable)));
            columns.forEach((x, spans) -> spans.forEach(s -> column(canvas, x, s[0], s[1], width, writable)));
        }
    }

    /**
     * The lines the targets' edges lie on, in order: per column (vertical) or row, the stretches
     * [from, to) of it that edges cover, those on one line merged where they overlap or touch.
     */
    static Map<Integer, List<int[]>> edges(List<Rect> targets, boolean vertical) {
        Map<Integer, List<int[]>> lines = new TreeMap<>();
        for (Rect t : targets) {
            for (int at : vertical ? new int[] {t.x(), t.right()} : new int[] {t.y(), t.bottom()}) {
                lines.computeIfAbsent(at, k -> new ArrayList<>())
                        .add(vertical ? new int[] {t.y(), t.bottom()} : new int[] {t.x(), t.right()});
            }
        }
        lines.replaceAll((at, spans) -> merged(spans));
        return lines;
    }

    /** Spans [from, to) joined where they overlap or touch. */
    private static List<int[]> merged(List<int[]> spans) {
        List<int[]> sorted = new ArrayList<>(spans);
        sorted.sort(Comparator.comparingInt(s -> s[0]));
        List<int[]> out = new ArrayList<>();
        for (int[] span : sorted) {
            int[] last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && span[0] <= last[1]) {
                last[1] = Math.max(last[1], span[1]);
            } else {
                out.add(span.clone());
            }
        }
        return out;
    }

    /** The vertical line between columns {@code x - 1} and {@code x}, rows {@code [y0, y1)}. */
    static void column(ArgbImage canvas, int x, int y0, int y1, int width, PixelMask writable) {
        smooth(canvas, x, y0, y1, width, writable, true);
    }

    /** The horizontal line between rows {@code y - 1} and {@code y}, columns {@code [x0, x1)}. */
    static void row(ArgbImage canvas, int y, int x0, int x1, int width, PixelMask writable) {
        smooth(canvas, y, x0, x1, width, writable, false);
    }

    private static void smooth(ArgbImage canvas, int at, int from, int to, int width, PixelMask writable,
                               boolean vertical) {
        int across = vertical ? canvas.width() : canvas.height();
        if (at < 2 || at > across - 2 || from >= to || width < 1) {
            return; // no room for the gradient on both sides
        }
        int n = to - from;
        float[][] excess = new float[3][n];
        for (int i = 0; i < n; i++) {
            int before2 = pixel(canvas, at - 2, from + i, vertical);
            int before = pixel(canvas, at - 1, from + i, vertical);
            int after = pixel(canvas, at, from + i, vertical);
            int after2 = pixel(canvas, at + 1, from + i, vertical);
            for (int c = 0; c < 3; c++) {
                int shift = 16 - 8 * c;
                float step = channel(after, shift) - channel(before, shift);
                float expected = (channel(before, shift) - channel(before2, shift)
                        + channel(after2, shift) - channel(after, shift)) / 2f;
                excess[c][i] = step - expected;
            }
        }
        for (int c = 0; c < 3; c++) {
            excess[c] = alongLine(excess[c]);
        }
        for (int i = 0; i < n; i++) {
            int along = from + i;
            boolean beforeWritable = writable.get(vertical ? at - 1 : along, vertical ? along : at - 1);
            boolean afterWritable = writable.get(vertical ? at : along, vertical ? along : at);
            if (!beforeWritable && !afterWritable) {
                continue;
            }
            float beforeShare = !beforeWritable ? 0 : afterWritable ? 0.5f : 1f;
            float afterShare = 1 - beforeShare;
            for (int k = 0; k < width; k++) {
                float ramp = 1 - (float) k / width;
                if (!shift(canvas, at + k, along, vertical, -afterShare * ramp, excess, i, writable)
                        && !shift(canvas, at - 1 - k, along, vertical, beforeShare * ramp, excess, i, writable)) {
                    break;
                }
            }
        }
    }

    /**
     * Adds {@code factor} times the excess of position {@code i} to the pixel at (across, along) when
     * it exists, may change and the factor is not 0; whether it did.
     */
    private static boolean shift(ArgbImage canvas, int across, int along, boolean vertical, float factor,
                                 float[][] excess, int i, PixelMask writable) {
        int x = vertical ? across : along;
        int y = vertical ? along : across;
        if (factor == 0 || x < 0 || y < 0 || x >= canvas.width() || y >= canvas.height() || !writable.get(x, y)) {
            return false;
        }
        int p = canvas.get(x, y);
        int out = p & 0xff000000;
        for (int c = 0; c < 3; c++) {
            int shift = 16 - 8 * c;
            out |= Resampler.clampByte(channel(p, shift) + factor * excess[c][i]) << shift;
        }
        canvas.pixels()[y * canvas.width() + x] = out;
        return true;
    }

    /** [1, 2, 1] / 4 along the line: the coherent part of the step, not a row's own detail. */
    private static float[] alongLine(float[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            float previous = values[Math.max(0, i - 1)];
            float next = values[Math.min(values.length - 1, i + 1)];
            out[i] = (previous + 2 * values[i] + next) / 4;
        }
        return out;
    }

    private static int pixel(ArgbImage canvas, int across, int along, boolean vertical) {
        return vertical ? canvas.get(across, along) : canvas.get(along, across);
    }

    private static float channel(int pixel, int shift) {
        return (pixel >> shift) & 0xff;
    }
}
