package com.arpgstudio.app.canvas;

import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.PixelMask;
import com.arpgstudio.inference.edit.Preview;
import com.arpgstudio.inference.edit.Rect;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Composes the canvas's frame on a worker thread, so the FX thread never loops over pixels: it
 * hands over what to show (a {@link Scene}, constant time) and on a later pulse copies in a
 * {@link Tile} of the screen pixels that changed. The worker keeps the image pyramids (built and
 * updated only under changed rectangles here, not on the FX thread) and redraws only what changed:
 * a preview's changed rectangle (reported, or found by comparing it with the previous preview), the rectangles of
 * image and mask edits, or the whole frame after a zoom, pan or resize. Latest wins both ways: a
 * scene not yet started is merged into the next one, and a tile not yet taken is folded into the
 * next (its area redrawn from the newer scene), so at most one update ever waits for the FX thread.
 * The worker is a daemon thread that ends when idle.
 */
final class FrameComposer {

    /**
     * What the frame shows. {@code document} and {@code mask} are the live document's: the FX thread
     * may change their pixels while a frame is composed, and then reports the changed rectangle with
     * its next scene, which redraws it. {@code comparison}, when not null, is shown instead of the
     * document (without mask, pending outpaint or preview).
     */
    record Scene(Viewport view, int width, int height, ArgbImage document, PixelMask mask, Rect pending,
                 Preview preview, ArgbImage comparison, CanvasPalette palette) {}

    /** Screen pixels for {@code area} of a {@code width x height} frame, row-major, opaque ARGB. */
    record Tile(int width, int height, Rect area, int[] pixels) {

        boolean coversFrame() {
            return area.equals(new Rect(0, 0, width, height));
        }
    }

    /**
     * What changed since the previous scene, in document coordinates: the document's pixels, its mask,
     * and the pixels of a preview updated in place (a running edit paints into one raster).
     */
    record Changes(Rect image, Rect mask, Rect preview) {

        static final Changes NONE = new Changes(Rect.EMPTY, Rect.EMPTY, Rect.EMPTY);

        Changes then(Changes newer) {
            return new Changes(image.union(newer.image), mask.union(newer.mask), preview.union(newer.preview));
        }

        Rect all() {
            return image.union(mask).union(preview);
        }
    }

    /** A scene and what changed since the previous scene. */
    private record Request(Scene scene, Changes changes, boolean redrawAll) {

        Request then(Request newer) {
            return new Request(newer.scene, changes.then(newer.changes), redrawAll || newer.redrawAll);
        }
    }

    private final ViewRenderer renderer = new ViewRenderer();
    private final AtomicReference<Request> pending = new AtomicReference<>();
    private final AtomicReference<Tile> ready = new AtomicReference<>();
    private final ThreadPoolExecutor worker = new ThreadPoolExecutor(0, 1, 1, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), runnable -> {
                Thread thread = new Thread(runnable, "canvas-frame");
                thread.setDaemon(true);
                return thread;
            });

    // Worker thread only.
    private Scene composed;
    private Pyramid documentPyramid;
    private Pyramid comparisonPyramid;

    /** FX thread: compose {@code scene}, given what changed since the previous one; {@code redrawAll} asks for the whole frame. */
    void submit(Scene scene, Changes changes, boolean redrawAll) {
        Request request = new Request(scene, changes, redrawAll);
        Request waiting = pending.getAndSet(null);
        pending.set(waiting == null ? request : waiting.then(request));
        worker.execute(this::composePending);
    }

    /** FX thread: the composed tile not yet taken, or null. */
    Tile take() {
        return ready.getAndSet(null);
    }

    private void composePending() {
        Request request = pending.getAndSet(null);
        if (request == null) {
            return;
        }
        Scene scene = request.scene();
        boolean whole = request.redrawAll() || composed == null || !sameFrame(composed, scene);
        if (documentPyramid == null || documentPyramid.base() != scene.document()) {
            documentPyramid = new Pyramid(scene.document());
            whole = true;
        } else if (!request.changes().image().isEmpty()) {
            documentPyramid.update(request.changes().image().clip(scene.document().width(), scene.document().height()));
        }
        Pyramid shown = documentPyramid;
        if (scene.comparison() != null) {
            if (comparisonPyramid == null || comparisonPyramid.base() != scene.comparison()) {
                comparisonPyramid = new Pyramid(scene.comparison());
            }
            shown = comparisonPyramid;
        } else {
            comparisonPyramid = null; // a whole image and its levels: not kept once the comparison ends
        }
        Rect frame = new Rect(0, 0, scene.width(), scene.height());
        Rect area = whole ? frame : ViewRenderer.screenArea(request.changes().all()
                .union(previewChange(composed.preview(), scene.preview())), scene.view(), scene.width(), scene.height());
        Tile waiting = ready.getAndSet(null);
        if (waiting != null) {
            area = area.union(waiting.area()).intersect(frame);
        }
        composed = scene;
        if (area.isEmpty()) {
            return;
        }
        int[] pixels = new int[area.width() * area.height()];
        renderer.setPalette(scene.palette());
        renderer.renderArea(pixels, area, scene.view(), shown, scene.mask(), scene.pending(), scene.preview());
        ready.set(new Tile(scene.width(), scene.height(), area, pixels));
    }

    /** Everything but the document's pixels and the preview is the same (else the whole frame is redrawn). */
    private static boolean sameFrame(Scene a, Scene b) {
        return a.width() == b.width() && a.height() == b.height() && a.view().scale() == b.view().scale()
                && a.view().offsetX() == b.view().offsetX() && a.view().offsetY() == b.view().offsetY()
                && a.document() == b.document() && a.mask() == b.mask() && a.comparison() == b.comparison()
                && java.util.Objects.equals(a.pending(), b.pending()) && a.palette().equals(b.palette());
    }

    /** The document area where the preview shown differs between the two scenes. */
    static Rect previewChange(Preview before, Preview now) {
        if (before == null || now == null) {
            return before != null ? before.region() : now != null ? now.region() : Rect.EMPTY;
        }
        Rect placement = now.region();
        ArgbImage pixels = now.image();
        if (!before.region().equals(placement) || before.image().width() != pixels.width()
                || before.image().height() != pixels.height()) {
            return before.region().union(placement);
        }
        Rect diff = pixels.differenceBounds(before.image());
        if (diff.isEmpty()) {
            return Rect.EMPTY;
        }
        // Preview pixel i covers [p.x + i * p.width / w, p.x + (i + 1) * p.width / w) of the document.
        int x0 = placement.x() + (int) Math.floorDiv((long) diff.x() * placement.width(), pixels.width());
        int x1 = placement.x() - (int) Math.floorDiv(-(long) diff.right() * placement.width(), pixels.width());
        int y0 = placement.y() + (int) Math.floorDiv((long) diff.y() * placement.height(), pixels.height());
        int y1 = placement.y() - (int) Math.floorDiv(-(long) diff.bottom() * placement.height(), pixels.height());
        return new Rect(x0, y0, x1 - x0, y1 - y0).intersect(placement);
    }
}
