package com.arpgstudio.app.reroll;

import com.arpgstudio.app.editing.FxImages;
import com.arpgstudio.app.i18n.Messages;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * A variant tree as rows, each result under the one it was re-rolled from: its thumbnail (made
 * off the FX thread), what made it and its seed; the result shown is selected, the one on the
 * image marked. A click shows a result. The tree is small, so its rows are plain nodes.
 */
public final class VariantTreeView extends VBox {

    public static final String STYLE_CLASS = "variant-tree";
    public static final String ROW_STYLE_CLASS = "variant-node";
    public static final String APPLIED_STYLE_CLASS = "variant-node-applied";
    public static final String TITLE_STYLE_CLASS = "variant-node-title";
    public static final String DETAIL_STYLE_CLASS = "variant-node-detail";
    private static final PseudoClass SELECTED = PseudoClass.getPseudoClass("selected");

    private static final int THUMBNAIL_SIDE = 48;
    /** Indentation per level, in pixels. */
    private static final double INDENT = 18;

    private final VariantTree tree;
    private final Consumer<VariantNode> onShow;
    private final Map<VariantNode, Image> thumbnails = new HashMap<>();
    private final Map<VariantNode, HBox> rows = new HashMap<>();

    /** @param onShow called with the result a click asks to show */
    public VariantTreeView(VariantTree tree, Consumer<VariantNode> onShow) {
        super(2);
        this.tree = tree;
        this.onShow = onShow;
        getStyleClass().add(STYLE_CLASS);
        tree.nodes().addListener((ListChangeListener<VariantNode>) c -> rebuild());
        tree.shownProperty().addListener(o -> refreshMarks());
        tree.appliedProperty().addListener(o -> refreshMarks());
        rebuild();
    }

    /** The row of {@code node}, or null (for tests and scripted demos). */
    public HBox rowOf(VariantNode node) {
        return rows.get(node);
    }

    private void rebuild() {
        thumbnails.keySet().retainAll(tree.nodes());
        rows.clear();
        getChildren().clear();
        for (VariantNode node : tree.nodes()) {
            HBox row = row(node);
            rows.put(node, row);
            getChildren().add(row);
        }
        refreshMarks();
    }

    private HBox row(VariantNode node) {
        ImageView thumbnail = new ImageView(thumbnails.get(node));
        thumbnail.setFitWidth(THUMBNAIL_SIDE);
        thumbnail.setFitHeight(THUMBNAIL_SIDE);
        thumbnail.setPreserveRatio(true);
        if (thumbnail.getImage() == null) {
            CompletableFuture.supplyAsync(() -> FxImages.thumbnail(node.image(), node.image().bounds(), THUMBNAIL_SIDE))
                    .thenAcceptAsync(made -> {
                        if (tree.nodes().contains(node)) {
                            thumbnails.put(node, made);
                            thumbnail.setImage(made);
                        }
                    }, Platform::runLater);
        }
        Label title = new Label(node.change());
        title.getStyleClass().add(TITLE_STYLE_CLASS);
        title.setWrapText(true);
        Label detail = new Label();
        detail.getStyleClass().add(DETAIL_STYLE_CLASS);
        HBox row = new HBox(6, thumbnail, new VBox(2, title, detail));
        row.getStyleClass().add(ROW_STYLE_CLASS);
        row.setAlignment(Pos.CENTER_LEFT);
        int depth = 0;
        for (VariantNode up = node.parent(); up != null; up = up.parent()) {
            depth++;
        }
        row.setPadding(new Insets(2, 4, 2, 4 + depth * INDENT));
        row.setUserData(detail);
        row.setOnMouseClicked(e -> onShow.accept(node));
        return row;
    }

    private void refreshMarks() {
        rows.forEach((node, row) -> {
            boolean applied = node == tree.applied();
            row.pseudoClassStateChanged(SELECTED, node == tree.shown());
            row.getStyleClass().remove(APPLIED_STYLE_CLASS);
            if (applied) {
                row.getStyleClass().add(APPLIED_STYLE_CLASS);
            }
            ((Label) row.getUserData()).setText(Messages.text(applied ? "reroll.node.detail.applied"
                    : "reroll.node.detail", node.seed()));
        });
    }
}
