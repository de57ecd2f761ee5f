package dev.poolkit.pool.shared;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Captures the WARNING (and worse) lines that a {@link System.Logger} writes, for a test that checks
 * what is logged. poolkit-core logs through {@code System.Logger}, which the JDK backs with {@code
 * java.util.logging}; this test code is compiled as part of the core module, which does not read
 * {@code java.logging}, so the handler is attached by reflection (the tests run on the class path,
 * where that is allowed). Not thread-safe; close it to detach.
 */
final class LogCapture implements AutoCloseable {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Class<?> loggerClass;
    private final Class<?> levelClass;
    private final Class<?> handlerClass;
    private final Object logger;
    private final Object previousLevel;
    private final Object handler;

    private LogCapture(String loggerName) throws ReflectiveOperationException {
        loggerClass = Class.forName("java.util.logging.Logger");
        levelClass = Class.forName("java.util.logging.Level");
        handlerClass = Class.forName("java.util.logging.Handler");
        Class<?> formatterClass = Class.forName("java.util.logging.Formatter");
        logger = loggerClass.getMethod("getLogger", String.class).invoke(null, loggerName);
        previousLevel = loggerClass.getMethod("getLevel").invoke(logger);
        Object warning = levelClass.getField("WARNING").get(null);
        Object formatter = Class.forName("java.util.logging.SimpleFormatter")
                .getConstructor()
                .newInstance();
        handler = Class.forName("java.util.logging.StreamHandler")
                .getConstructor(OutputStream.class, formatterClass)
                .newInstance(out, formatter);
        loggerClass.getMethod("setLevel", levelClass).invoke(logger, warning);
        loggerClass.getMethod("addHandler", handlerClass).invoke(logger, handler);
    }

    /**
     * Starts capturing what the logger of that name writes at WARNING and above.
     *
     * @param loggerName the name given to {@code System.getLogger}
     * @return the capture; close it
     */
    static LogCapture of(String loggerName) {
        try {
            return new LogCapture(loggerName);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("java.util.logging is not available", e);
        }
    }

    /** @return the messages logged at WARNING so far, without level or time */
    List<String> warnings() {
        try {
            handlerClass.getMethod("flush").invoke(handler);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        return out.toString(StandardCharsets.UTF_8)
                .lines()
                .filter(line -> line.startsWith("WARNING: "))
                .map(line -> line.substring("WARNING: ".length()))
                .toList();
    }

    @Override
    public void close() {
        try {
            loggerClass.getMethod("removeHandler", handlerClass).invoke(logger, handler);
            loggerClass.getMethod("setLevel", levelClass).invoke(logger, previousLevel);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
