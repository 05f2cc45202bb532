package com.arpgstudio.app.reroll;

import com.arpgstudio.app.canvas.CanvasOverlay;
import com.arpgstudio.app.canvas.Viewport;
import com.arpgstudio.inference.edit.Rect;
import com.arpgstudio.inference.edit.Window;
import com.arpgstudio.inference.edit.WindowTokens;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javafx.beans.Observable;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.css.CssMetaData;
import javafx.css.SimpleStyleableObjectProperty;
import javafx.css.StyleConverter;
import javafx.css.Styleable;
import javafx.css.StyleableObjectProperty;
import javafx.css.StyleableProperty;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.Image;
import javafx.scene.image.PixelWriter;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.shape.StrokeLineJoin;

/**
 * Draws over the canvas what re-rolls work with: the confidence heat map of the result on the
 * canvas (View > Confidence: each generated token's cell tinted by how unsure the model was, the
 * tokens below the "Re-roll unsure" threshold marked in their own colour), and the strokes of the
 * re-roll and pin brushes. Its colours come from CSS ({@link #STYLE_CLASS}); the node itself shows
 * nothing and only needs to be in the scene for them.
 */
public final class ConfidenceOverlay extends Region implements CanvasOverlay {

    public static final String STYLE_CLASS = "confidence-overlay";

    private static final CssMetaData<ConfidenceOverlay, Color> DOUBT = colour("-arpg-doubt-color", o -> o.doubt);
    private static final CssMetaData<ConfidenceOverlay, Color> UNSURE = colour("-arpg-unsure-color", o -> o.unsure);
    private static final CssMetaData<ConfidenceOverlay, Color> REROLL = colour("-arpg-reroll-stroke-color",
            o -> o.rerollStroke);
    private static final CssMetaData<ConfidenceOverlay, Color> PIN = colour("-arpg-pin-stroke-color", o -> o.pinStroke);
    private static final List<CssMetaData<? extends Styleable, ?>> CSS = List.of(DOUBT, UNSURE, REROLL, PIN);

    private final StyleableObjectProperty<Color> doubt = new SimpleStyleableObjectProperty<>(DOUBT, this, "doubt",
            Color.TRANSPARENT);
    private final StyleableObjectProperty<Color> unsure = new SimpleStyleableObjectProperty<>(UNSURE, this, "unsure",
            Color.TRANSPARENT);
    private final StyleableObjectProperty<Color> rerollStroke = new SimpleStyleableObjectProperty<>(REROLL, this,
            "rerollStroke", Color.TRANSPARENT);
    private final StyleableObjectProperty<Color> pinStroke = new SimpleStyleableObjectProperty<>(PIN, this,
            "pinStroke", Color.TRANSPARENT);

    private final VariantTree tree;
    private final RerollControls controls;
    private final Supplier<Rect> placement;
    private final ObservableBooleanValue generating;
    private VariantNode mapped;
    private double mappedThreshold = Double.NaN;
    private List<Image> cellImages = List.of();

    /**
     * @param placement  where the tree's results lie in the document now (null: nowhere)
     * @param generating while true a new result streams over the canvas: the heat map of the one
     *                   shown before would hide it and is not drawn
     */
    public ConfidenceOverlay(VariantTree tree, RerollControls controls, Supplier<Rect> placement,
                             ObservableBooleanValue generating) {
        this.tree = tree;
        this.controls = controls;
        this.placement = placement;
        this.generating = generating;
        getStyleClass().add(STYLE_CLASS);
        setManaged(false);
        setMouseTransparent(true);
        for (Observable o : List.<Observable>of(generating, tree.shownProperty(), tree.appliedProperty(),
                controls.showConfidenceProperty(), controls.thresholdProperty(),
                controls.rerollStrokes().revisionProperty(), controls.pinStrokes().revisionProperty(), doubt, unsure,
                rerollStroke, pinStroke)) {
            o.addListener(x -> changes.set(changes.get() + 1));
        }
        doubt.addListener(o -> mapped = null);
        unsure.addListener(o -> mapped = null);
    }

    private final SimpleIntegerProperty changes = new SimpleIntegerProperty();

    @Override
    public Observable changes() {
        return changes;
    }

    @Override
    public void draw(GraphicsContext g, Viewport viewport) {
        VariantNode node = tree.current();
        Rect where = placement.get();
        if (controls.showConfidenceProperty().get() && !generating.get() && node != null && node.tokens() != null
                && where != null) {
            drawHeatMap(g, viewport, node, where);
        }
        drawStrokes(g, viewport, controls.pinStrokes(), pinStroke.get());
        drawStrokes(g, viewport, controls.rerollStrokes(), rerollStroke.get());
    }

    private void drawHeatMap(GraphicsContext g, Viewport viewport, VariantNode node, Rect placement) {
        double threshold = controls.thresholdProperty().get();
        if (node != mapped || threshold != mappedThreshold) {
            cellImages = cellImages(node, threshold);
            mapped = node;
            mappedThreshold = threshold;
        }
        g.save();
        double x0 = viewport.toScreenX(placement.x());
        double y0 = viewport.toScreenY(placement.y());
        g.beginPath();
        g.rect(x0, y0, viewport.toScreenX(placement.right()) - x0, viewport.toScreenY(placement.bottom()) - y0);
        g.clip();
        g.setImageSmoothing(false);
        List<WindowTokens> windows = node.tokens().windows();
        for (int k = 0; k < windows.size(); k++) {
            var region = windows.get(k).window().region();
            double sx = viewport.toScreenX(placement.x() + region.x());
            double sy = viewport.toScreenY(placement.y() + region.y());
            g.drawImage(cellImages.get(k), sx, sy, viewport.toScreenX(placement.x() + region.right()) - sx,
                    viewport.toScreenY(placement.y() + region.bottom()) - sy);
        }
        g.restore();
    }

    /**
     * Per window, one pixel per token: clear where nothing was generated, else tinted by how
     * unsure the model was on a log scale (none at p = 1, full at p = {@link RerollControls#MIN_THRESHOLD}:
     * each factor of ten less probable a quarter more), so that a weak model's doubts, all far under
     * 1%, still differ.
     */
    private List<Image> cellImages(VariantNode node, double threshold) {
        List<Image> images = new ArrayList<>();
        Color tint = doubt.get();
        Color low = unsure.get();
        for (WindowTokens tokens : node.tokens().windows()) {
            Window window = tokens.window();
            WritableImage image = new WritableImage(window.columns(), window.rows());
            PixelWriter writer = image.getPixelWriter();
            float[] probabilities = tokens.probabilities();
            for (int i = 0; i < probabilities.length; i++) {
                if (!tokens.generated(i)) {
                    continue;
                }
                float p = probabilities[i];
                double doubt = Math.min(1, Math.log10(1 / p) / -Math.log10(RerollControls.MIN_THRESHOLD));
                Color colour = p < threshold ? low : tint.deriveColor(0, 1, 1, doubt);
                writer.setColor(i % window.columns(), i / window.columns(), colour);
            }
            images.add(image);
        }
        return images;
    }

    private static void drawStrokes(GraphicsContext g, Viewport viewport, BrushStrokes strokes, Color colour) {
        if (strokes.isEmpty()) {
            return;
        }
        g.save();
        g.setStroke(colour);
        g.setFill(colour);
        g.setLineCap(StrokeLineCap.ROUND);
        g.setLineJoin(StrokeLineJoin.ROUND);
        for (BrushStrokes.Stroke stroke : strokes.strokes()) {
            double width = 2 * stroke.radius() * viewport.scale();
            List<double[]> points = stroke.points();
            if (points.size() == 1) {
                double[] p = points.get(0);
                g.fillOval(viewport.toScreenX(p[0]) - width / 2, viewport.toScreenY(p[1]) - width / 2, width, width);
                continue;
            }
            g.setLineWidth(width);
            g.beginPath();
            for (int i = 0; i < points.size(); i++) {
                double[] p = points.get(i);
                if (i == 0) {
                    g.moveTo(viewport.toScreenX(p[0]), viewport.toScreenY(p[1]));
                } else {
                    g.lineTo(viewport.toScreenX(p[0]), viewport.toScreenY(p[1]));
                }
            }
            g.stroke();
        }
        g.restore();
    }

    public static List<CssMetaData<? extends Styleable, ?>> getClassCssMetaData() {
        List<CssMetaData<? extends Styleable, ?>> all = new ArrayList<>(Region.getClassCssMetaData());
        all.addAll(CSS);
        return all;
    }

    @Override
    public List<CssMetaData<? extends Styleable, ?>> getCssMetaData() {
        return getClassCssMetaData();
    }

    private static CssMetaData<ConfidenceOverlay, Color> colour(String property,
            java.util.function.Function<ConfidenceOverlay, StyleableObjectProperty<Color>> field) {
        return new CssMetaData<>(property, StyleConverter.getColorConverter(), Color.TRANSPARENT) {
            @Override
            public boolean isSettable(ConfidenceOverlay overlay) {
                return !field.apply(overlay).isBound();
            }

            @Override
            public StyleableProperty<Color> getStyleableProperty(ConfidenceOverlay overlay) {
                return field.apply(overlay);
            }
        };
    }
}
