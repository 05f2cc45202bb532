package com.arpgstudio.inference.edit;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Pastes the windows of one wave into every variant's canvas with the pixels that pasting them one
 * after the other, in plan order, gives: a paste reads and writes only the canvas pixels of its reach
 * ({@link Compositor#reach}; the protected photo it continues is never written), so pastes whose
 * reaches do not meet commute. Each paste goes one level after the latest earlier paste whose reach
 * meets its own; a level's pastes (and every variant's) run at once on the host's cores (the common
 * fork-join pool, as {@link Membrane} and {@link Resampler} use it). A heal wave's strips are one
 * level; an outpaint's detail tiles, whose feathers meet at their corners, a few.
 */
final class WavePastes {

    private WavePastes() {}

    /**
     * One window's paste ({@link Compositor#paste(ArgbImage, Rect, ArgbImage, PixelMask, PixelMask, PixelMask,
     * PixelMask, Rect)}), the same for every variant but its decoded pixels.
     *
     * @param decoded per variant, the decoded window
     */
    record Paste(Compositor compositor, Rect region, List<ArgbImage> decoded, PixelMask replace, PixelMask reference,
                 PixelMask writable, PixelMask regenerated, Rect photo) {}

    /** Pastes {@code pastes} (in plan order) into {@code canvases} (one per variant, changed in place). */
    static void run(List<ArgbImage> canvases, List<Paste> pastes) {
        List<Rect> reaches = pastes.stream()
                .map(p -> p.compositor().reach(canvases.get(0).bounds(), p.region(), p.replace())).toList();
        int variants = canvases.size();
        for (List<Integer> level : levels(reaches)) {
            IntStream.range(0, level.size() * variants).parallel().forEach(n -> {
                Paste p = pastes.get(level.get(n / variants));
                int v = n % variants;
                p.compositor().paste(canvases.get(v), p.region(), p.decoded().get(v), p.replace(), p.reference(),
                        p.writable(), p.regenerated(), p.photo());
            });
        }
    }

    /**
     * The indices of {@code reaches} by level, ascending within each: every one a level after the latest
     * earlier one whose rectangle meets its own (an empty reach meets none), so no two of a level meet and
     * every one comes after each earlier one it meets.
     */
    static List<List<Integer>> levels(List<Rect> reaches) {
        int[] level = new int[reaches.size()];
        List<List<Integer>> levels = new ArrayList<>();
        for (int i = 0; i < reaches.size(); i++) {
            Rect reach = reaches.get(i);
            for (int j = 0; j < i; j++) {
                if (!reach.isEmpty() && !reach.intersect(reaches.get(j)).isEmpty()) {
                    level[i] = Math.max(level[i], level[j] + 1);
                }
            }
            if (level[i] == levels.size()) {
                levels.add(new ArrayList<>());
            }
            levels.get(level[i]).add(i);
        }
        return levels;
    }
}
