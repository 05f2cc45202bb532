package com.arpgstudio.inference.edit;

/** The edits ARPG Studio performs; each names one class of this package that carries it out. */
public enum Operation {
    /** Replace the masked pixels ({@link Inpaint}). */
    INPAINT,
    /** Extend the canvas and fill the new area ({@link Outpaint}). */
    OUTPAINT,
    /** Double width and height with new detail ({@link Expand}). */
    EXPAND,
    /** A new image of one class from nothing ({@link Generate}). */
    GENERATE,
    /** Some tokens of a fill generated again, the others kept ({@link Reroll}). */
    REROLL
}
