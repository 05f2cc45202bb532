package com.arpgstudio.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.Appender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class AppLogTest {

    @TempDir
    Path dir;

    private static ch.qos.logback.classic.Logger root() {
        return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME);
    }

    @AfterEach
    void detach() {
        Appender<?> file = root().getAppender(AppLog.APPENDER);
        if (file != null) {
            root().detachAppender(AppLog.APPENDER);
            file.stop();
        }
    }

    @Test
    void infoAndAboveGoToTheLogFileInTheFolderItCreates() throws IOException {
        Path folder = dir.resolve("data").resolve("logs");
        AppLog.toFolder(folder);
        AppLog.toFolder(folder); // a second call adds no second appender
        Logger log = LoggerFactory.getLogger("com.arpgstudio.test");
        log.debug("left out");
        log.info("kept: info");
        log.warn("kept: warning", new IllegalStateException("with its trace"));

        String text = Files.readString(folder.resolve(AppLog.FILE_NAME));
        assertTrue(text.contains("INFO  [main] com.arpgstudio.test: kept: info"), text);
        assertTrue(text.contains("kept: warning") && text.contains("IllegalStateException: with its trace"), text);
        assertFalse(text.contains("left out"), text);
        assertEquals(1, text.lines().filter(l -> l.contains("kept: info")).count(), "one appender, one line");
    }

    @Test
    void theFileRollsOverIntoAtMostThreeOlderOnes() throws IOException, InterruptedException {
        AppLog.toFolder(dir);
        Logger log = LoggerFactory.getLogger("com.arpgstudio.test");
        String line = "x".repeat(1000);
        for (int file = 0; file < AppLog.OLD_FILES + 2; file++) {
            for (int i = 0; i < (AppLog.MAX_FILE_MIB << 10) + 10; i++) { // just over the size, in 1 kB lines
                log.info(line);
            }
            Thread.sleep(AppLog.SIZE_CHECK_MILLIS + 100); // the next line is the one the size is checked at
        }
        log.info(line);
        try (var files = Files.list(dir)) {
            assertEquals(AppLog.OLD_FILES + 1, files.count(), "the current file and three older ones");
        }
        assertTrue(Files.size(dir.resolve(AppLog.FILE_NAME)) <= (AppLog.MAX_FILE_MIB + 1L) << 20);
    }
}
