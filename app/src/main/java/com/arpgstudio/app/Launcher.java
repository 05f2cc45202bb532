package com.arpgstudio.app;

import javafx.application.Application;

/**
 * Plain main class: starting a JavaFX {@link Application} subclass directly from the classpath
 * fails with "JavaFX runtime components are missing", so the jar's entry point is this class.
 */
public final class Launcher {

    private Launcher() {}

    public static void main(String[] args) {
        Application.launch(StudioApplication.class, args);
    }
}
