package com.arpgstudio.app;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.Duration;
import ch.qos.logback.core.util.FileSize;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * The editor's log file: {@value #FILE_NAME} in the log folder (the app's data folder, see
 * {@code AppDirectories#logDir()}), INFO and above, rolled over at {@value #MAX_FILE_MIB} MiB into
 * at most {@value #OLD_FILES} older files. The console keeps {@code logback.xml}'s quiet setting.
 */
public final class AppLog {

    static final String FILE_NAME = "arpg-studio.log";
    static final int MAX_FILE_MIB = 5;
    static final int OLD_FILES = 3;
    static final String APPENDER = "FILE";
    /** The file's size is looked at once a second at most (Logback's default is once a minute). */
    static final long SIZE_CHECK_MILLIS = 1000;

    private AppLog() {}

    /** Adds the rolling log file in {@code dir} (created when missing) to the root logger. */
    public static void toFolder(Path dir) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (root.getAppender(APPENDER) != null) {
            return;
        }
        RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
        file.setContext(context);
        file.setName(APPENDER);
        file.setFile(dir.resolve(FILE_NAME).toString());

        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(context);
        rolling.setParent(file);
        rolling.setFileNamePattern(dir.resolve("arpg-studio.%i.log").toString());
        rolling.setMinIndex(1);
        rolling.setMaxIndex(OLD_FILES);
        rolling.start();

        SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(context);
        trigger.setMaxFileSize(FileSize.valueOf(MAX_FILE_MIB + "MB"));
        trigger.setCheckIncrement(Duration.buildByMilliseconds(SIZE_CHECK_MILLIS));
        trigger.start();

        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{36}: %msg%n");
        encoder.start();

        file.setRollingPolicy(rolling);
        file.setTriggeringPolicy(trigger);
        file.setEncoder(encoder);
        file.start();
        root.addAppender(file);
    }
}
