package com.arpgstudio.inference.edit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Waves: windows that run together never depend on each other, and each runs after all it depends on. */
class WindowPlanTest {

    private final WindowPlanner planner = new WindowPlanner(WindowPlanner.Config.forGrid(16, 16, 16));
    private final int margin = planner.config().waveMargin(1.0);

    /**
     * Every window in exactly one wave; each in a later wave than every earlier window (plan order)
     * whose result reaches it, and never before an earlier window its own result reaches (with
     * NONE, after it); so no two windows of a wave have overlapping targets.
     */
    static void assertValidWaves(WindowPlan plan, int margin, WindowPlan.Sharing sharing) {
        List<List<Integer>> waves = plan.waves(margin, sharing);
        int[] waveOf = new int[plan.windows().size()];
        java.util.Arrays.fill(waveOf, -1);
        for (int w = 0; w < waves.size(); w++) {
            for (int k : waves.get(w)) {
                assertEquals(-1, waveOf[k], "window " + k + " in two waves");
                waveOf[k] = w;
            }
        }
        for (int k = 0; k < waveOf.length; k++) {
            assertTrue(waveOf[k] >= 0, "window " + k + " in no wave");
            Window window = plan.windows().get(k);
            for (int j = 0; j < k; j++) {
                Window earlier = plan.windows().get(j);
                if (earlier.reaches(window, margin)) {
                    assertTrue(waveOf[j] < waveOf[k], "window " + k + " runs before or with window " + j
                            + " whose result it sees");
                }
                if (window.reaches(earlier, margin)) {
                    assertTrue(sharing == WindowPlan.Sharing.NONE ? waveOf[j] < waveOf[k] : waveOf[j] <= waveOf[k],
                            "window " + k + " writes into window " + j + " before it reads");
                }
                if (waveOf[j] == waveOf[k]) {
                    assertTrue(earlier.target().intersect(window.target()).isEmpty(), "overlapping targets in a wave");
                }
            }
        }
    }

    @Test
    void overlappingWindowsWaitDistantOnesRunTogether() {
        Rect canvas = new Rect(0, 0, 1024, 256);
        Window a = new Window(new Rect(0, 0, 256, 256), new Rect(64, 64, 128, 128), 16, 16, 1.0);
        Window overlapsA = new Window(new Rect(128, 0, 256, 256), new Rect(192, 64, 128, 128), 16, 16, 1.0);
        Window farFromA = new Window(new Rect(640, 0, 256, 256), new Rect(704, 64, 128, 128), 16, 16, 1.0);
        assertTrue(canvas.contains(farFromA.region()));
        WindowPlan plan = new WindowPlan(List.of(a, overlapsA, farFromA), List.of());
        assertEquals(List.of(List.of(0, 2), List.of(1)), plan.waves(0, WindowPlan.Sharing.NONE));
        // a target whose feather reaches into the other's region: they wait for each other
        Window justBeside = new Window(new Rect(256 + 4, 0, 256, 256), new Rect(256 + 4, 64, 128, 128), 16, 16, 1.0);
        WindowPlan beside = new WindowPlan(List.of(a, justBeside), List.of());
        assertEquals(List.of(List.of(0, 1)), beside.waves(0, WindowPlan.Sharing.NONE));
        assertEquals(List.of(List.of(0), List.of(1)), beside.waves(8, WindowPlan.Sharing.NONE));
        // the later window's target lies in the earlier one's region, not the other way round
        Window sees = new Window(new Rect(0, 0, 256, 256), new Rect(0, 0, 128, 128), 16, 16, 1.0);
        Window seen = new Window(new Rect(200, 0, 256, 256), new Rect(200, 128, 128, 128), 16, 16, 1.0);
        WindowPlan oneWay = new WindowPlan(List.of(sees, seen), List.of());
        assertEquals(List.of(List.of(0, 1)), oneWay.waves(8, WindowPlan.Sharing.WRITE_AFTER_READ));
        assertEquals(List.of(List.of(0), List.of(1)), oneWay.waves(8, WindowPlan.Sharing.NONE));
        WindowPlan otherWay = new WindowPlan(List.of(seen, sees), List.of());
        assertEquals(List.of(List.of(0), List.of(1)), otherWay.waves(8, WindowPlan.Sharing.WRITE_AFTER_READ),
                "the earlier window's result is seen: the later one waits");
    }

    @Test
    void expansionTilesRunInFourInterleavedWaves() {
        WindowPlan plan = planner.planTokenAligned(1024, 1024); // 64 x 64 tokens: 8 x 8 tiles of 8 tokens
        assertEquals(64, plan.windows().size());
        List<List<Integer>> waves = plan.waves(0, WindowPlan.Sharing.NONE);
        assertEquals(4, waves.size(), "even/odd tile columns and rows");
        waves.forEach(wave -> assertEquals(16, wave.size()));
        assertValidWaves(plan, 0, WindowPlan.Sharing.NONE);
    }

    @Test
    void unevenExpansionCanvasesStillGetValidWaves() {
        for (int[] size : new int[][] {{1600, 1072}, {320, 224}, {208, 144}, {128, 96}}) {
            WindowPlan plan = planner.planTokenAligned(size[0], size[1]);
            assertValidWaves(plan, 0, WindowPlan.Sharing.NONE);
            int waves = plan.waves(0, WindowPlan.Sharing.NONE).size();
            assertTrue(waves <= 4, size[0] + "x" + size[1] + ": " + waves + " waves");
        }
    }

    @Test
    void aLargeOutpaintIsALayoutThenItsDetailInOneWave() {
        PixelMask newArea = PixelMask.ofRect(1536, 768, Rect.ofSize(1536, 768));
        newArea.fill(new Rect(0, 0, 1024, 768), false); // 512 px added on the right of a 1024x768 image
        WindowPlan plan = planner.planOutpaint(newArea, 2);
        List<WindowPlan> passes = WindowPlanner.outpaintPasses(plan);
        assertEquals(2, passes.size(), "layout, then detail");
        WindowPlan layout = passes.get(0);
        WindowPlan detail = passes.get(1);
        assertEquals(1, layout.windows().size(), "576x768 with context is one window at 1/3: " + layout.windows());
        assertEquals(3.0, layout.maxScale(), 1e-9);
        assertTrue(layout.windows().get(0).region().contains(newArea.bounds()), "the layout sees the whole new area");
        assertEquals(6 * 4, detail.windows().size(), "6 tiles high, 4 wide");
        assertEquals(1.0, detail.maxScale());
        PixelMask covered = PixelMask.ofRect(1536, 768, new Rect(0, 0, 0, 0));
        for (Window window : detail.windows()) {
            assertTrue(new Rect(0, 0, 1536, 768).contains(window.region()), window + " inside the canvas");
            assertTrue(window.region().contains(window.target()), window + " holds its tile");
            assertEquals(128 * 128, window.target().area(), "half a window a side");
            covered.fill(window.target(), true);
        }
        assertEquals(newArea.count(newArea.canvas()), covered.and(newArea).count(newArea.canvas()), "every new pixel");
        // centred: every window sees a quarter window of each neighbour, the photo's too
        assertTrue(detail.windows().stream().allMatch(w -> w.region().x() == w.target().x() - 64
                || w.region().right() == 1536), "windows centred on their tiles: " + detail.windows());
        assertEquals(plan.notes().size(), 2, "what the layout and the detail are: " + plan.notes());
        assertTrue(plan.notes().get(1).contains("24 tiles") && plan.notes().get(1).contains("one wave"), plan.notes()
                .get(1));
        // pasted as a checkerboard: the 12 black tiles, then the 12 white ones; no two tiles of either half meet
        for (List<Window> half : List.of(detail.windows().subList(0, 12), detail.windows().subList(12, 24))) {
            for (Window a : half) {
                for (Window b : half) {
                    Rect ta = a.target();
                    Rect tb = b.target();
                    boolean sideBySide = ta.right() == tb.x() && ta.y() == tb.y();
                    boolean onTop = ta.bottom() == tb.y() && ta.x() == tb.x();
                    assertFalse(sideBySide || onTop, "tiles " + ta + " and " + tb + " of one colour meet");
                }
            }
        }
        // tiles that wait for the earlier ones they share an edge with (a detail pass's waves) make two waves here
        assertEquals(List.of(IntStream.range(0, 12).boxed().toList(), IntStream.range(12, 24).boxed().toList()),
                WindowPlanner.detailWaves(detail));
    }

    @Test
    void anOutpaintAtMostAWindowDeepRunsNearestToThePhotoFirst() {
        PixelMask newArea = PixelMask.ofRect(768, 768, Rect.ofSize(768, 768));
        newArea.fill(new Rect(0, 0, 512, 768), false); // 256 px added on the right of a 512x768 image
        WindowPlan plan = planner.planOutpaint(newArea, 2);
        WindowPlan.Sharing sharing = WindowPlan.Sharing.WRITE_AFTER_READ;
        assertValidWaves(plan, margin, sharing);
        List<List<Integer>> waves = plan.waves(margin, sharing);
        assertEquals(6 * 2, plan.windows().size(), "6 tiles high, 2 wide");
        assertEquals(1.0, plan.maxScale(), "no layout");
        assertEquals(List.of(plan), WindowPlanner.outpaintPasses(plan));
        assertEquals(2 * 2, waves.size(), "every column of tiles in two waves: " + waves);
        for (int k : waves.get(0)) {
            assertTrue(plan.windows().get(k).region().x() < 512, "window " + k + " sees the image");
        }
    }

    @Test
    void anOutpaintThatFitsOneWindowIsThatWindow() {
        PixelMask newArea = PixelMask.ofRect(300, 200, Rect.ofSize(300, 200));
        newArea.fill(new Rect(0, 0, 256, 200), false); // 44 px on the right of a 256x200 image
        WindowPlan plan = planner.planOutpaint(newArea, 2);
        assertEquals(1, plan.windows().size());
        assertEquals(1.0, plan.maxScale());
        assertEquals(List.of(plan), WindowPlanner.outpaintPasses(plan));
    }

    @Test
    void aPlanOfNativeWindowsAloneIsOnePass() {
        WindowPlan tiles = planner.planTokenAligned(512, 512);
        assertEquals(List.of(tiles), WindowPlanner.outpaintPasses(tiles));
    }

    @Test
    void largeMaskTilesShareWavesAndStartAtKnownContent() {
        PixelMask mask = PixelMask.ofRect(3000, 2000, new Rect(200, 200, 2600, 1600));
        WindowPlan plan = planner.planInpaint(mask);
        int tiledMargin = planner.config().waveMargin(plan.maxScale());
        assertValidWaves(plan, tiledMargin, WindowPlan.Sharing.WRITE_AFTER_READ);
        List<List<Integer>> waves = plan.waves(tiledMargin, WindowPlan.Sharing.WRITE_AFTER_READ);
        assertTrue(waves.size() < plan.windows().size(), waves.size() + " waves for " + plan.windows().size());
        List<Integer> lastWave = waves.get(waves.size() - 1);
        assertFalse(waves.get(0).stream().anyMatch(lastWave::contains));
        for (int k : waves.get(0)) {
            Window window = plan.windows().get(k);
            assertTrue(window.region().intersect(window.target()).area() < window.region().area()
                    && mask.count(window.region()) < window.region().area(), "window " + k + " of the first wave "
                    + "sees unmasked pixels");
        }
    }

    @Test
    void sequentialOrderIsAValidWaveOrderToo() {
        List<Window> windows = new ArrayList<>(planner.planTokenAligned(512, 512).windows());
        java.util.Collections.reverse(windows);
        assertValidWaves(new WindowPlan(windows, List.of()), 0, WindowPlan.Sharing.NONE);
        assertValidWaves(new WindowPlan(windows, List.of()), 10, WindowPlan.Sharing.WRITE_AFTER_READ);
    }
}
