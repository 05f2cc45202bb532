package com.arpgstudio.app;

import com.arpgstudio.inference.runtime.AppDirectories;
import javafx.application.Application;
import org.slf4j.LoggerFactory;

/**
 * Plain main class: starting a JavaFX {@link Application} subclass directly from the classpath
 * fails with "JavaFX runtime components are missing", so the jar's entry point is this class. It
 * starts the editor's log file first ({@link AppLog}, in the app's data folder).
 */
public final class Launcher {

    private Launcher() {}

    public static void main(String[] args) {
        AppLog.toFolder(AppDirectories.current().logDir());
        LoggerFactory.getLogger(Launcher.class).info("ARPG Studio starting: Java {} on {} {}",
                System.getProperty("java.version"), System.getProperty("os.name"), System.getProperty("os.arch"));
        Application.launch(StudioApplication.class, args);
    }
}
