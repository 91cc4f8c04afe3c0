package io.certgate;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Captures what CertGate logs (logger {@code io.certgate}) between {@link #start()} and {@link #stop()}. */
public final class LogCapture extends Handler {
    private final Logger logger = Logger.getLogger("io.certgate");
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    public LogCapture start() {
        logger.addHandler(this);
        return this;
    }

    public void stop() {
        logger.removeHandler(this);
    }

    public List<LogRecord> records() {
        return List.copyOf(records);
    }

    public List<String> messages() {
        return records.stream().map(LogRecord::getMessage).toList();
    }

    /** Whether a record at {@code level} or above mentions {@code text}. */
    public boolean has(Level level, String text) {
        return count(level, text) > 0;
    }

    /** How many records at {@code level} or above mention {@code text}. */
    public long count(Level level, String text) {
        return records.stream().filter(r -> r.getLevel().intValue() >= level.intValue()
                && r.getMessage().contains(text)).count();
    }

    @Override
    public String toString() {
        return records.stream().map(r -> r.getLevel() + " " + r.getMessage()).toList().toString();
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
