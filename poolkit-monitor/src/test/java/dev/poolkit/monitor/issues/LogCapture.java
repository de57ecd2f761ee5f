package dev.poolkit.monitor.issues;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Captures what one logger logs, at the level asked for, and keeps it out of the build log. */
final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final Level oldLevel;
    private final boolean oldAdditive;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private LogCapture(Class<?> source, Level level) {
        logger = (Logger) LoggerFactory.getLogger(source);
        oldLevel = logger.getLevel();
        oldAdditive = logger.isAdditive();
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(level);
        logger.setAdditive(false);
    }

    static LogCapture of(Class<?> source, Level level) {
        return new LogCapture(source, level);
    }

    /** The captured lines as {@code LEVEL message}, in order. */
    List<String> lines() {
        return appender.list.stream()
                .map(e -> e.getLevel() + " " + e.getFormattedMessage())
                .toList();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        logger.setLevel(oldLevel);
        logger.setAdditive(oldAdditive);
    }
}
