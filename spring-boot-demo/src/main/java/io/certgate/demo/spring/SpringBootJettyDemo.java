package io.certgate.demo.spring;

import io.certgate.demo.ContainerDemo;
import io.certgate.demo.DemoLauncher;
import io.certgate.demo.RunningDemo;

/**
 * {@link SpringBootDemo} on embedded Jetty 12 instead of Tomcat: from the repository root,
 * {@code mvn -q -pl spring-boot-demo -am compile exec:java -Dexec.mainClass=io.certgate.demo.spring.SpringBootJettyDemo}.
 */
public final class SpringBootJettyDemo {
    static final ContainerDemo DEMO = new ContainerDemo("Spring Boot 4 (Jetty 12)",
            "mvn -q -pl spring-boot-demo -am compile exec:java"
                    + " -Dexec.mainClass=io.certgate.demo.spring.SpringBootJettyDemo", 10444, 10081,
            setup -> SpringBootDemo.serve(setup, SpringBootDemo.Server.JETTY));

    private SpringBootJettyDemo() {
    }

    public static void main(String[] args) {
        DemoLauncher.main(DEMO, args);
    }

    /** Starts the demo in this JVM, as {@link #main} does, and returns it running. */
    public static RunningDemo start(String... args) throws Exception {
        return DemoLauncher.start(DEMO, args);
    }
}
