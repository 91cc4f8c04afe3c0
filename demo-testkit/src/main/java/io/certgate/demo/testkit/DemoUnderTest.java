package io.certgate.demo.testkit;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import io.certgate.demo.RunningDemo;

/**
 * One demo per test class, started through its real {@code start(String... args)} on free ports with a
 * fresh PKI directory, and stopped after the last test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class DemoUnderTest {
    /** A demo's {@code start(String... args)}. */
    @FunctionalInterface
    protected interface Starter {
        RunningDemo start(String... args) throws Exception;
    }

    private final Starter starter;
    private Path pkiDir;
    private RunningDemo demo;

    protected DemoUnderTest(Starter starter) {
        this.starter = starter;
    }

    @BeforeAll
    void startDemo(@TempDir Path temporary) throws Exception {
        pkiDir = temporary.resolve("pki");
        demo = starter.start("--pki-dir", pkiDir.toString(), "--https-port", "0", "--http-port", "0");
    }

    @AfterAll
    void stopDemo() {
        if (demo != null) {
            demo.close();
        }
    }

    /** How this demo starts, for tests of its flags. */
    protected Starter starter() {
        return starter;
    }

    /** The PKI directory the demo generated. */
    protected Path pkiDir() {
        return pkiDir;
    }

    /** The running demo: its ports and PKI. */
    protected RunningDemo demo() {
        return demo;
    }
}
