package com.arpgstudio.app.reroll;

import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.FillTokens;
import com.arpgstudio.inference.edit.Rect;
import java.util.ArrayList;
import java.util.List;

/**
 * One result of a {@link VariantTree}: a variant of the fill (a root) or a re-roll of another
 * result (a child, which keeps only the rectangle of pixels that differs from its parent), with
 * its tokens, edit record, seed and what changed.
 */
public final class VariantNode {

    private final int id;
    private final VariantNode parent;
    /** Kept by the tree: it adds and forgets re-rolls. */
    final List<VariantNode> children = new ArrayList<>();
    /** A root's whole image; a child's rectangle that differs from its parent. */
    private final ArgbImage full;
    private final Rect patchRect;
    /** The child's pixels of {@link #patchRect}; null for a root and for a child identical to its parent. */
    private final ArgbImage patch;
    private final FillTokens tokens;
    private final String record;
    private final long seed;
    private final String change;

    VariantNode(int id, VariantNode parent, ArgbImage image, FillTokens tokens, String record, long seed, String change) {
        this.id = id;
        this.parent = parent;
        this.tokens = tokens;
        this.record = record;
        this.seed = seed;
        this.change = change;
        if (parent == null) {
            full = image;
            patchRect = Rect.EMPTY;
            patch = null;
        } else {
            full = null;
            patchRect = parent.image().differenceBounds(image);
            patch = patchRect.isEmpty() ? null : image.crop(patchRect);
        }
    }

    /** Unique within its tree, in creation order. */
    public int id() {
        return id;
    }

    /** The result it was re-rolled from, or null for a variant of the fill. */
    public VariantNode parent() {
        return parent;
    }

    public List<VariantNode> children() {
        return List.copyOf(children);
    }

    /** Its image (a new raster for a child, built from its parent's; a root's own, not to be modified). */
    public ArgbImage image() {
        if (full != null) {
            return full;
        }
        ArgbImage image = parent.image().copy();
        if (!patchRect.isEmpty()) {
            image.paste(patch, patchRect.x(), patchRect.y());
        }
        return image;
    }

    /** What its re-roll changed (empty for a root): the rectangle differing from its parent. */
    public Rect changed() {
        return patchRect;
    }

    public FillTokens tokens() {
        return tokens;
    }

    /** The JSON record of the edit that made it. */
    public String record() {
        return record;
    }

    public long seed() {
        return seed;
    }

    /** What made it, for people: "Variant 2", "12 tokens re-rolled"... */
    public String change() {
        return change;
    }

    /** Whether this holds exactly {@code image}'s pixels. */
    public boolean shows(ArgbImage image) {
        ArgbImage mine = image();
        return mine.samePixels(image);
    }

    long bytes() {
        return 4L * (full != null ? full.pixels().length : patch == null ? 0 : patch.pixels().length) + (tokens == null ? 0 : tokens.bytes())
                + 2L * (record == null ? 0 : record.length()) + 128;
    }

    @Override
    public String toString() {
        return change;
    }
}
