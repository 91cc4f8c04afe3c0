package io.certgate;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Captures what CertGate logs (logger {@code io.certgate}) between {@link #start()} and {@link #stop()}. */
final class LogCapture extends Handler {
    private final Logger logger = Logger.getLogger("io.certgate");
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    LogCapture start() {
        logger.addHandler(this);
        return this;
    }

    void stop() {
        logger.removeHandler(this);
    }

    List<LogRecord> records() {
        return List.copyOf(records);
    }

    List<String> messages() {
        return records.stream().map(LogRecord::getMessage).toList();
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
