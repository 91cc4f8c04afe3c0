package io.certgate.trust;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Captures what CertGate logs (logger {@code io.certgate}) while a test runs. */
final class RevocationLog extends Handler {
    private final Logger logger = Logger.getLogger("io.certgate");
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    RevocationLog start() {
        logger.addHandler(this);
        return this;
    }

    void stop() {
        logger.removeHandler(this);
    }

    /** Whether a record at {@code level} or above mentions {@code text}. */
    boolean has(Level level, String text) {
        return records.stream().anyMatch(r -> r.getLevel().intValue() >= level.intValue()
                && r.getMessage().contains(text));
    }

    long count(Level level, String text) {
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
