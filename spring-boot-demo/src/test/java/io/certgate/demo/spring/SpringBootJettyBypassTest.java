package io.certgate.demo.spring;

import io.certgate.demo.testkit.BypassMatrix;

/** The Spring Boot demo, started through {@link SpringBootJettyDemo#start}, against the bypass matrix, on Jetty. */
class SpringBootJettyBypassTest extends BypassMatrix {
    SpringBootJettyBypassTest() {
        super(SpringBootJettyDemo::start);
    }
}
