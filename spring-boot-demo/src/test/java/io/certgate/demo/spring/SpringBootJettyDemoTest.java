package io.certgate.demo.spring;

import io.certgate.demo.testkit.DemoContract;

/** The Spring Boot demo, started through {@link SpringBootJettyDemo#start}, against the whole demo contract, on Jetty. */
class SpringBootJettyDemoTest extends DemoContract {
    SpringBootJettyDemoTest() {
        super(SpringBootJettyDemo::start);
    }
}
