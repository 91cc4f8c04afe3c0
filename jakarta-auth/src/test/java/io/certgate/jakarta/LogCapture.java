package io.certgate.jakarta;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Captures what CertGate logs (logger {@code io.certgate}) while started. */
public final class LogCapture extends Handler {
    private final Logger logger = Logger.getLogger("io.certgate");
    private final List<String> messages = new CopyOnWriteArrayList<>();

    public LogCapture start() {
        logger.addHandler(this);
        return this;
    }

    public void stop() {
        logger.removeHandler(this);
    }

    public void clear() {
        messages.clear();
    }

    /** The denial lines, e.g. {@code CertGate denied reason=expired ...}. */
    public List<String> denials() {
        return messages.stream().filter(m -> m.startsWith("CertGate denied")).toList();
    }

    public List<String> messages() {
        return List.copyOf(messages);
    }

    @Override
    public void publish(LogRecord record) {
        messages.add(record.getMessage());
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
