package com.arpgstudio.app.canvas;

import java.util.List;
import java.util.function.Function;
import javafx.css.CssMetaData;
import javafx.css.Styleable;
import javafx.css.StyleableObjectProperty;
import javafx.css.StyleableProperty;
import javafx.css.StyleablePropertyFactory;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;

/**
 * The canvas's colours as CSS properties of {@link EditorCanvas} ({@code -canvas-outside},
 * {@code -canvas-mask}... set by the theme's style sheet, see base.css {@code .editor-canvas}),
 * gathered into a {@link CanvasPalette}; nothing is tinted until the theme applies.
 */
final class CanvasColours {

    private static final StyleablePropertyFactory<EditorCanvas> STYLES =
            new StyleablePropertyFactory<>(Region.getClassCssMetaData());
    private static final CanvasPalette N = CanvasPalette.UNSTYLED;

    private final EditorCanvas canvas;
    private final Runnable changed;
    private final StyleableObjectProperty<Color> outside;
    private final StyleableObjectProperty<Color> outsideAlternate;
    private final StyleableObjectProperty<Color> pending;
    private final StyleableObjectProperty<Color> pendingAlternate;
    private final StyleableObjectProperty<Color> maskTint;
    private final StyleableObjectProperty<Color> accent;
    private final StyleableObjectProperty<Color> ink;
    private final StyleableObjectProperty<Color> inkShadow;
    private CanvasPalette palette = N;

    /** {@code changed} runs when the theme changed a colour. */
    CanvasColours(EditorCanvas canvas, Runnable changed) {
        this.canvas = canvas;
        this.changed = changed;
        outside = colour("-canvas-outside", c -> c.colours().outside, N.outside());
        outsideAlternate = colour("-canvas-outside-alternate", c -> c.colours().outsideAlternate, N.outsideAlternate());
        pending = colour("-canvas-pending", c -> c.colours().pending, N.pending());
        pendingAlternate = colour("-canvas-pending-alternate", c -> c.colours().pendingAlternate, N.pendingAlternate());
        maskTint = colour("-canvas-mask", c -> c.colours().maskTint, N.mask());
        accent = colour("-canvas-accent", c -> c.colours().accent, N.accent());
        ink = colour("-canvas-ink", c -> c.colours().ink, N.ink());
        inkShadow = colour("-canvas-ink-shadow", c -> c.colours().inkShadow, N.inkShadow());
    }

    static List<CssMetaData<? extends Styleable, ?>> cssMetaData() {
        return STYLES.getCssMetaData();
    }

    CanvasPalette palette() {
        return palette;
    }

    private StyleableObjectProperty<Color> colour(String cssName, Function<EditorCanvas, StyleableProperty<Color>> property,
                                                  Color initial) {
        StyleableObjectProperty<Color> colour = (StyleableObjectProperty<Color>)
                STYLES.createStyleableColorProperty(canvas, cssName, cssName, property, initial);
        colour.addListener(o -> {
            palette = new CanvasPalette(value(outside, N.outside()), value(outsideAlternate, N.outsideAlternate()),
                    value(pending, N.pending()), value(pendingAlternate, N.pendingAlternate()), value(maskTint, N.mask()),
                    value(accent, N.accent()), value(ink, N.ink()), value(inkShadow, N.inkShadow()));
            changed.run();
        });
        return colour;
    }

    /** A colour's value; its default while the constructor has not made it yet. */
    private static Color value(StyleableObjectProperty<Color> colour, Color initial) {
        return colour == null ? initial : colour.get();
    }
}
