package com.arpgstudio.app.canvas;

import javafx.scene.paint.Color;

/**
 * The canvas's colours, as the theme's CSS gives them to {@link EditorCanvas}: the checkerboard
 * beyond the image and over a pending outpaint area (two tones each), the mask tint (its opacity
 * is the colour's), the accent of frames and handles, and the ink of overlays drawn over any
 * picture (a light line with a dark shadow, so it shows on both).
 */
public record CanvasPalette(Color outside, Color outsideAlternate, Color pending, Color pendingAlternate, Color mask,
                            Color accent, Color ink, Color inkShadow) {

    /**
     * Until the theme's style sheet is applied: every colour transparent, so nothing is tinted or
     * framed before the theme says how (the colours themselves live only in the themes' CSS).
     */
    public static final CanvasPalette UNSTYLED = new CanvasPalette(Color.TRANSPARENT, Color.TRANSPARENT,
            Color.TRANSPARENT, Color.TRANSPARENT, Color.TRANSPARENT, Color.TRANSPARENT, Color.TRANSPARENT,
            Color.TRANSPARENT);

    static int argb(Color c) {
        return (int) Math.round(c.getOpacity() * 255) << 24 | (int) Math.round(c.getRed() * 255) << 16
                | (int) Math.round(c.getGreen() * 255) << 8 | (int) Math.round(c.getBlue() * 255);
    }
}
