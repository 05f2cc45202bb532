package com.arpgstudio.app.window;

import com.arpgstudio.app.editing.EditorViewModel;
import com.arpgstudio.app.editing.FxImages;
import com.arpgstudio.app.actions.Gesture;
import com.arpgstudio.app.i18n.Messages;
import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.Rect;
import java.util.concurrent.CompletableFuture;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The variants of the last edit, as thumbnails of the edited region to pick from, with Apply and
 * Discard; shown (and laid out) only while there are variants.
 */
public final class VariantStrip extends HBox {

    public static final String PILL_STYLE_CLASS = "floating-pill";
    public static final String THUMB_STYLE_CLASS = "variant-thumb";
    private static final int THUMBNAIL_SIDE = 96;

    private final EditorViewModel model;
    private final HBox thumbs = new HBox(8);
    private final ToggleGroup group = new ToggleGroup();

    public VariantStrip(EditorViewModel model) {
        super(12);
        this.model = model;
        thumbs.setAlignment(Pos.CENTER_LEFT);
        Button apply = new Button(Messages.text("variants.apply"), new FontIcon(Icons.APPLY));
        apply.setId("apply-variant");
        apply.getStyleClass().add("accent-button");
        apply.setTooltip(new Tooltip(Messages.text("tooltip.keys", Messages.text("variants.apply.tooltip"),
                Gesture.APPLY_VARIANT.keysText())));
        apply.setOnAction(e -> model.variants().applyChosen());
        Button discard = new Button(Messages.text("variants.discard"), new FontIcon(Icons.DISCARD));
        discard.setId("discard-variants");
        discard.setTooltip(new Tooltip(Messages.text("tooltip.keys", Messages.text("variants.discard.tooltip"),
                Gesture.CANCEL_OR_DISCARD.keysText())));
        discard.setOnAction(e -> model.variants().discard());
        // Taking no focus: when the strip goes, the focus would move to the side panel and scroll it to the top.
        apply.setFocusTraversable(false);
        discard.setFocusTraversable(false);
        VBox buttons = new VBox(6, apply, discard);
        buttons.setAlignment(Pos.CENTER);
        getChildren().addAll(thumbs, buttons);
        setId("variant-strip");
        getStyleClass().add(PILL_STYLE_CLASS);
        setAlignment(Pos.CENTER);
        setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        visibleProperty().bind(Bindings.isNotEmpty(model.variants().images()));
        managedProperty().bind(visibleProperty());
        VBox.setMargin(this, new Insets(8, 12, 8, 12));
        model.variants().images().addListener((ListChangeListener<ArgbImage>) c -> rebuild());
        model.variants().selectedProperty().addListener((obs, old, index) -> {
            for (int i = 0; i < thumbs.getChildren().size(); i++) {
                ((ToggleButton) thumbs.getChildren().get(i)).setSelected(i == index.intValue());
            }
        });
    }

    private void rebuild() {
        thumbs.getChildren().clear();
        group.getToggles().clear();
        for (int i = 0; i < model.variants().images().size(); i++) {
            int index = i;
            ImageView view = new ImageView();
            ArgbImage variant = model.variants().images().get(i);
            Rect area = model.variants().areaProperty().get();
            // Scaling a full-size variant down is pixel work: done off the FX thread, shown when ready.
            CompletableFuture.supplyAsync(() -> FxImages.thumbnail(variant, area, THUMBNAIL_SIDE))
                    .thenAcceptAsync(view::setImage, Platform::runLater);
            ToggleButton choose = new ToggleButton(String.valueOf(i + 1), view);
            choose.setId("variant-" + i);
            choose.getStyleClass().add(THUMB_STYLE_CLASS);
            choose.setContentDisplay(ContentDisplay.TOP);
            choose.setFocusTraversable(false);
            choose.setToggleGroup(group);
            choose.setSelected(model.variants().selectedProperty().get() == i);
            choose.setOnAction(e -> {
                model.variants().choose(index);
                choose.setSelected(true);
            });
            thumbs.getChildren().add(choose);
        }
    }
}
