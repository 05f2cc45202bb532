package com.arpgstudio.app;

import javafx.application.Application;
import javafx.stage.Stage;

/** The JavaFX application: builds the main window and shows it. */
public class StudioApplication extends Application {

    @Override
    public void start(Stage stage) {
        new MainWindow(stage).show();
    }
}
