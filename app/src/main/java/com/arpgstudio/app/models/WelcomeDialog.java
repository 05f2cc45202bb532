package com.arpgstudio.app.models;

import com.arpgstudio.app.i18n.Messages;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignD;

/**
 * The first start's short welcome, a window beside the editor (never blocking it): the embedded
 * model, the offer of ARPG-L, the device. Closing it in any way dismisses it for good.
 */
public final class WelcomeDialog {

    static final String STYLE = "welcome";
    static final String STYLE_TITLE = "welcome-title";
    static final String STYLE_DEVICE = "welcome-device";
    static final String STYLE_ADVICE = "welcome-advice";
    static final Ikon ICON_DOWNLOAD = MaterialDesignD.DOWNLOAD;
    static final Ikon ICON_DEVICE = MaterialDesignC.CHIP;

    private static final double CORNER_MARGIN = 24;
    private static final double WIDTH = 440;
    private static final double PADDING = 18;

    private final Stage stage = new Stage();

    /** {@code manageModels} opens the Models dialog. */
    public WelcomeDialog(Window owner, WelcomeViewModel welcome, Runnable manageModels) {
        stage.initOwner(owner);
        stage.initModality(Modality.NONE);
        stage.setTitle(Messages.text("welcome.title"));

        Label title = new Label(Messages.text("welcome.header"));
        title.getStyleClass().add(STYLE_TITLE);
        Label embedded = paragraph(Messages.text("welcome.embedded"));
        Label offer = paragraph(welcome.offer());
        offer.setId("welcome-offer");
        Label device = paragraph("");
        device.setId("welcome-device");
        device.getStyleClass().add(STYLE_DEVICE);
        device.setGraphic(new FontIcon(ICON_DEVICE));
        device.textProperty().bind(welcome.deviceProperty());
        Label advice = paragraph("");
        advice.setId("welcome-advice");
        advice.getStyleClass().add(STYLE_ADVICE);
        advice.textProperty().bind(welcome.deviceAdviceProperty());
        advice.visibleProperty().bind(Bindings.isNotEmpty(welcome.deviceAdviceProperty()));
        advice.managedProperty().bind(advice.visibleProperty());

        Button download = new Button(Messages.text("welcome.download"), new FontIcon(ICON_DOWNLOAD));
        download.setId("welcome-download");
        download.getStyleClass().add("accent-button");
        download.setDefaultButton(true);
        download.setOnAction(e -> {
            welcome.downloadOffered();
            stage.close();
            manageModels.run();
        });
        welcome.offeredRow().ifPresent(row -> download.disableProperty().bind(row.downloadableProperty().not()));
        Button models = new Button(Messages.text("welcome.manage"));
        models.setId("welcome-manage");
        models.setOnAction(e -> {
            stage.close();
            manageModels.run();
        });
        HBox buttons = DialogButtons.row("welcome-close", Messages.text("welcome.close"), stage::close, download,
                models);

        VBox root = new VBox(12, title, embedded, offer, device, advice, buttons);
        root.getStyleClass().add(STYLE);
        root.setPadding(new Insets(PADDING));
        root.setPrefWidth(WIDTH);
        stage.setScene(new Scene(root));
        stage.getScene().getStylesheets().setAll(owner.getScene().getStylesheets());
        stage.setOnHidden(e -> welcome.dismiss());
        // The device is known a moment later, with a sentence or two more.
        welcome.deviceAdviceProperty().addListener((obs, was, now) -> placeInCorner());
        welcome.deviceProperty().addListener((obs, was, now) -> placeInCorner());
    }

    /** Shows it in the main window's lower right corner, over the side panel's free space, not the image. */
    public void show() {
        stage.show();
        placeInCorner();
    }

    private void placeInCorner() {
        if (!stage.isShowing()) {
            return;
        }
        stage.sizeToScene();
        Window owner = stage.getOwner();
        stage.setX(owner.getX() + Math.max(0, owner.getWidth() - stage.getWidth() - CORNER_MARGIN));
        stage.setY(owner.getY() + Math.max(0, owner.getHeight() - stage.getHeight() - 2 * CORNER_MARGIN));
    }

    public Stage stage() {
        return stage;
    }

    /** A wrapped paragraph as tall as its text (a window sized to its scene would cut it to one line). */
    private static Label paragraph(String text) {
        Label label = new Label(text);
        label.setWrapText(true);
        label.setPrefWidth(WIDTH - 2 * PADDING);
        label.setMinHeight(Region.USE_PREF_SIZE);
        return label;
    }
}
