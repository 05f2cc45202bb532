package com.arpgstudio.app.document;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.Rect;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Through random image and mask edits, undo, redo and resizes, every snapshot taken from the two
 * reusable copies equals the document as it was when refreshed, and stays unchanged while held
 * (the writer's copy is never the one refreshed).
 */
class SnapshotCopiesTest {

    private record State(int[] pixels, byte[] mask, long revision, int records) {
        static State of(Document document) {
            return new State(document.image().pixels().clone(), document.mask().coverageValues(), document.revision(),
                    document.editRecords().size());
        }

        void assertShownBy(Autosave.Snapshot snapshot) {
            assertArrayEquals(pixels, snapshot.image().pixels());
            assertArrayEquals(mask, snapshot.mask().coverageValues());
            assertEquals(revision, snapshot.revision());
            assertEquals(records, snapshot.editRecords().size());
        }
    }

    @Test
    void takenSnapshotsEqualTheDocumentWhenRefreshedAndStayUnchangedWhileHeld() {
        Random random = new Random(12);
        ArgbImage start = ArgbImage.blank(90, 60);
        for (int i = 0; i < start.pixels().length; i++) {
            start.pixels()[i] = 0xff000000 | random.nextInt(0x1000000);
        }
        Document document = new Document(start, null, null, 64L << 20);
        SnapshotCopies copies = new SnapshotCopies();
        document.addListener(copies);
        assertNull(copies.take(), "nothing refreshed yet");
        State refreshed = null;
        State held = null;
        Autosave.Snapshot holding = null;
        for (int i = 0; i < 400; i++) {
            int w = document.width();
            int h = document.height();
            Rect r = new Rect(random.nextInt(w), random.nextInt(h), 1 + random.nextInt(20), 1 + random.nextInt(20));
            switch (random.nextInt(6)) {
                case 0 -> document.editMask("mask", m -> MaskPaint.rectangle(m, r, random.nextBoolean()));
                case 1 -> {
                    ArgbImage result = document.image().copy();
                    int colour = 0xff000000 | random.nextInt(0x1000000);
                    Rect clipped = r.clip(w, h);
                    for (int y = clipped.y(); y < clipped.bottom(); y++) {
                        for (int x = clipped.x(); x < clipped.right(); x++) {
                            result.set(x, y, colour);
                        }
                    }
                    document.applyImageEdit("fill", result, "{\"i\":" + i + "}");
                }
                case 2 -> document.undo();
                case 3 -> document.redo();
                case 4 -> {
                    if (random.nextInt(8) == 0) { // an outpaint: the document grows or shrinks
                        ArgbImage resized = ArgbImage.blank(60 + random.nextInt(60), 40 + random.nextInt(40));
                        java.util.Arrays.fill(resized.pixels(), 0xff000000 | random.nextInt(0x1000000));
                        document.applyImageEdit("resize", resized, "{\"resize\":" + i + "}");
                    }
                }
                default -> {
                    copies.refresh(document);
                    refreshed = State.of(document);
                }
            }
            if (random.nextInt(5) == 0) {
                Autosave.Snapshot taken = copies.take();
                if (refreshed == null) {
                    assertNull(taken, "no refresh since the last take");
                } else {
                    assertNotNull(taken);
                    refreshed.assertShownBy(taken);
                    holding = taken;
                    held = refreshed;
                    refreshed = null;
                }
            }
            if (holding != null) {
                held.assertShownBy(holding);
            }
        }
    }

    @Test
    void releasingForAnotherDocumentDropsBothCopies() throws InterruptedException {
        Document large = new Document(ArgbImage.blank(800, 600), null, null, 64L << 20);
        SnapshotCopies copies = new SnapshotCopies();
        copies.refresh(large);
        java.lang.ref.WeakReference<ArgbImage> first = new java.lang.ref.WeakReference<>(copies.take().image());
        copies.refresh(large);
        java.lang.ref.WeakReference<ArgbImage> second = new java.lang.ref.WeakReference<>(copies.take().image());
        copies.refresh(large); // one copy offered, not taken
        copies.release();
        for (int i = 0; i < 10 && (first.get() != null || second.get() != null); i++) {
            System.gc();
            Thread.sleep(50);
        }
        assertNull(first.get(), "the closed document's copies are given back");
        assertNull(second.get());
        assertNull(copies.take(), "the snapshot of the closed document is not written");
        Document small = new Document(ArgbImage.blank(8, 6), null, null, 1L << 20);
        copies.refresh(small);
        assertEquals(8, copies.take().image().width(), "the next refresh copies the new document whole");
    }
}
