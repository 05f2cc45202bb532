package com.arpgstudio.inference.edit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Heal windows lie over the lines where two targets meet inside the mask, and only there: centred
 * on each stretch, the line through the middle of their middle token, the strip straddling it, as
 * long as a window along the line and across it only the strip's tokens and their context deep,
 * inside the canvas; they generate the cells of their strip and know every other; they run in two
 * waves of one token grid each, the lines between rows, then those between columns, no two windows
 * of different lines in a wave writing the same pixel.
 */
class SeamHealTest {

    private static final int PATCH = 8;
    private static final int HALF = 8;
    /** Token rows (columns) of a heal window across its line: the strip's three and the context. */
    private static final int ACROSS = 3 + 2 * SeamHeal.CONTEXT_TOKENS;

    /** A 16x16-token window (128 px at scale 1) over {@code target}, placed at {@code region}'s corner. */
    private static Window window(int x, int y, Rect target, double scale) {
        int size = (int) Math.round(16 * PATCH * scale);
        return new Window(new Rect(x, y, size, size), target, 16, 16, scale);
    }

    @Test
    void aLineBetweenTwoTargetsGetsAHealWindowCentredOnItWithTheLineInsideAToken() {
        PixelMask mask = PixelMask.ofRect(384, 256, new Rect(256, 0, 128, 64)); // an outpaint's new area, right of a photo
        List<Window> pass = List.of(window(192, 0, new Rect(256, 0, 64, 64), 1), window(256, 0, new Rect(320, 0, 64, 64), 1));
        List<Window> heals = windows(SeamHeal.windows(pass, mask, HALF, PATCH));
        // the photo's edge (x = 256) and the mask's border are not lines between targets
        assertEquals(1, heals.size(), "heals: " + heals);
        Window heal = heals.get(0);
        assertEquals(new SeamHeal.Heal(heal, true, 320), SeamHeal.windows(pass, mask, HALF, PATCH).get(0), "its line");
        assertEquals(new Rect(320 - HALF, 0, 2 * HALF, 64), heal.target());
        assertEquals(ACROSS, heal.columns(), "the strip's tokens and their context across the line");
        assertEquals(16, heal.rows(), "a window's tokens along the line");
        assertEquals(new Rect(320 - ACROSS * PATCH / 2, 0, ACROSS * PATCH, 128), heal.region());
        assertEquals(PATCH / 2, (320 - heal.region().x()) % PATCH, "the line runs through the middle of a token column");
        assertEquals(ACROSS / 2, (320 - heal.region().x()) / PATCH, "the middle one");
        assertTrue(heal.region().contains(heal.target()), "region " + heal.region() + " holds the strip");
        byte[] cells = SeamHeal.cells(heal, mask);
        for (int r = 0; r < heal.rows(); r++) {
            for (int c = 0; c < heal.columns(); c++) {
                Rect cell = heal.cell(c, r);
                boolean touchesStrip = !cell.intersect(heal.target()).isEmpty() && mask.count(cell.intersect(heal.target())) > 0;
                assertEquals(touchesStrip ? TokenCells.UNKNOWN : TokenCells.KNOWN, cells[r * heal.columns() + c],
                        "cell " + c + "," + r);
            }
        }
        assertEquals(3 * 8, TokenCells.count(cells, TokenCells.UNKNOWN), "three token columns along 64 px");
    }

    @Test
    void aLongLineIsHealedInPiecesOfAtMostHalfAWindowAndNothingHealsWithoutTwoTargetsOrAWidth() {
        PixelMask mask = PixelMask.ofRect(512, 512, new Rect(0, 256, 512, 256));
        List<Window> pass = List.of(window(0, 256, new Rect(0, 256, 512, 128), 1),
                window(0, 384, new Rect(0, 384, 512, 128), 1));
        List<Window> heals = windows(SeamHeal.windows(pass, mask, HALF, PATCH));
        assertEquals(8, heals.size(), "512 px of the line y = 384 in pieces of 64: " + heals);
        int covered = 0;
        for (Window heal : heals) {
            assertEquals(384 - HALF, heal.target().y());
            assertEquals(2 * HALF, heal.target().height());
            assertTrue(heal.target().width() <= 64);
            assertEquals(PATCH / 2, (384 - heal.region().y()) % PATCH, "the line inside a token row");
            assertEquals(ACROSS / 2, (384 - heal.region().y()) / PATCH, "the middle one");
            assertEquals(16, heal.columns());
            assertEquals(ACROSS, heal.rows());
            assertEquals(128, heal.region().width());
            assertEquals(ACROSS * PATCH, heal.region().height());
            covered += heal.target().width();
        }
        assertEquals(512, covered);
        assertTrue(SeamHeal.windows(pass, mask, 0, PATCH).isEmpty(), "no width: no heal");
        assertTrue(SeamHeal.windows(pass.subList(0, 1), mask, HALF, PATCH).isEmpty(), "one window: no line between two");
    }

    @Test
    void aShrunkPassHealsAtItsScale() {
        PixelMask mask = PixelMask.ofRect(2048, 1024, new Rect(1024, 0, 1024, 1024));
        List<Window> pass = List.of(window(1024, 0, new Rect(1024, 0, 512, 1024), 4),
                window(1536, 0, new Rect(1536, 0, 512, 1024), 4));
        List<Window> heals = windows(SeamHeal.windows(pass, mask, HALF, PATCH));
        assertEquals(4, heals.size(), "1024 px of the line x = 1536 in pieces of 256: " + heals);
        for (Window heal : heals) {
            assertEquals(4.0, heal.scale());
            assertEquals(new Rect(1536 - 4 * HALF, heal.target().y(), 8 * HALF, 256), heal.target());
            assertEquals(4 * ACROSS * PATCH, heal.region().width());
            assertEquals(512, heal.region().height());
            assertEquals(4 * PATCH / 2, (1536 - heal.region().x()) % (4 * PATCH), "the line inside a token column");
            assertEquals(ACROSS / 2, (1536 - heal.region().x()) / (4 * PATCH), "the middle one");
        }
    }

    @Test
    void theStripSetsTheTokensAcrossTheLine() {
        assertEquals(3, SeamHeal.tokensAcross(8, 8), "8 px tokens: the line's token and one to each side");
        assertEquals(1, SeamHeal.tokensAcross(8, 16), "16 px tokens: the line's token only");
        assertEquals(3, SeamHeal.tokensAcross(9, 16));
        assertEquals(1, SeamHeal.tokensAcross(1, 8));
        PixelMask mask = PixelMask.ofRect(512, 512, new Rect(0, 256, 512, 256));
        List<Window> pass = List.of(window(0, 256, new Rect(0, 256, 512, 128), 1),
                window(0, 384, new Rect(0, 384, 512, 128), 1));
        for (Window heal : windows(SeamHeal.windows(pass, mask, HALF, 16))) { // 16 px tokens: a 256 px window
            assertEquals(1 + 2 * SeamHeal.CONTEXT_TOKENS, heal.rows());
            assertEquals(16, heal.columns());
            assertEquals(8, (384 - heal.region().y()) % 16, "the line inside a token row");
            assertEquals(SeamHeal.CONTEXT_TOKENS, (384 - heal.region().y()) / 16, "the middle one");
        }
    }

    @Test
    void aHealWindowNearTheCanvasEdgeMovesInsideByWholeTokens() {
        // a line 12 px below the canvas's top, between two thin targets: the window cannot centre on it
        PixelMask mask = PixelMask.ofRect(256, 256, new Rect(0, 0, 128, 64));
        List<Window> pass = List.of(window(0, 0, new Rect(0, 0, 128, 12), 1), window(0, 0, new Rect(0, 12, 128, 52), 1));
        List<Window> heals = windows(SeamHeal.windows(pass, mask, HALF, PATCH));
        assertEquals(2, heals.size(), "128 px of the line y = 12 in pieces of 64: " + heals);
        for (Window heal : heals) {
            assertEquals(new Rect(heal.target().x(), 12 - HALF, 64, 2 * HALF), heal.target());
            assertEquals(0, heal.region().y(), "moved down inside the canvas, by whole tokens: " + heal.region());
            assertEquals(PATCH / 2, (12 - heal.region().y()) % PATCH, "the line still through the middle of a token row");
            assertTrue(mask.canvas().contains(heal.region()), "inside the canvas: " + heal.region());
        }
    }

    @Test
    void aGridOfTilesHealsInTwoWavesWhereOnlyALinesOwnStretchesWriteTheSamePixels() {
        PixelMask mask = PixelMask.ofRect(512, 384, new Rect(256, 0, 256, 384)); // 4 x 6 tiles of 64 px
        List<Window> pass = new ArrayList<>();
        for (int y = 0; y < 384; y += 64) {
            for (int x = 256; x < 512; x += 64) {
                pass.add(window(x - 32, y - 32, new Rect(x, y, 64, 64), 1));
            }
        }
        List<SeamHeal.Heal> lines = SeamHeal.windows(pass, mask, HALF, PATCH);
        List<Window> heals = windows(lines);
        assertEquals(5 * 4 + 3 * 6, heals.size(), "5 rows of 4 stretches, 3 columns of 6: " + heals);
        List<byte[]> cells = heals.stream().map(h -> SeamHeal.cells(h, mask)).toList();
        List<List<Integer>> waves = SeamHeal.waves(lines, cells, HALF);
        assertEquals(List.of(20, 18), waves.stream().map(List::size).toList(), "waves: " + waves);
        int[] waveOf = new int[heals.size()];
        for (int w = 0; w < waves.size(); w++) {
            Window first = heals.get(waves.get(w).get(0));
            for (int k : waves.get(w)) {
                waveOf[k] = w;
                assertEquals(List.of(first.columns(), first.rows()), List.of(heals.get(k).columns(), heals.get(k).rows()),
                        "a wave's windows share a token grid (one batch)");
            }
        }
        int fade = HALF / 2;
        for (int a = 0; a < heals.size(); a++) {
            for (int b = a + 1; b < heals.size(); b++) {
                PixelMask both = writes(heals.get(a), cells.get(a), fade, mask);
                boolean touch = !both.and(writes(heals.get(b), cells.get(b), fade, mask)).isEmpty();
                if (touch && !lines.get(a).sameLine(lines.get(b))) {
                    assertTrue(waveOf[a] != waveOf[b], "heals " + a + " and " + b + " write the same pixels in one wave");
                }
                if (lines.get(a).sameLine(lines.get(b))) {
                    assertEquals(waveOf[a], waveOf[b], "a line's stretches " + a + " and " + b + " share a wave");
                }
                if (touch && horizontal(heals.get(a)) != horizontal(heals.get(b))) {
                    int h = horizontal(heals.get(a)) ? a : b;
                    int v = h == a ? b : a;
                    assertTrue(waveOf[h] < waveOf[v], "the vertical line's heal " + v + " sees the horizontal's " + h);
                }
            }
        }
    }

    private static List<Window> windows(List<SeamHeal.Heal> heals) {
        return heals.stream().map(SeamHeal.Heal::window).toList();
    }

    private static boolean horizontal(Window heal) {
        return heal.target().width() > heal.target().height();
    }

    /** The pixels a heal window may write: its generated cells, grown by its paste's fade. */
    private static PixelMask writes(Window heal, byte[] cells, int fade, PixelMask mask) {
        PixelMask out = new PixelMask(mask.width(), mask.height());
        for (int i = 0; i < cells.length; i++) {
            if (cells[i] == TokenCells.UNKNOWN) {
                Rect cell = heal.cell(i % heal.columns(), i / heal.columns());
                out.fill(new Rect(cell.x() - fade, cell.y() - fade, cell.width() + 2 * fade, cell.height() + 2 * fade)
                        .intersect(mask.canvas()), true);
            }
        }
        return out;
    }
}
