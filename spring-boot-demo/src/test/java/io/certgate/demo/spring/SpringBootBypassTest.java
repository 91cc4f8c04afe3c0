package io.certgate.demo.spring;

import io.certgate.demo.testkit.BypassMatrix;

/** The Spring Boot demo, started through {@link SpringBootDemo#start}, against the bypass matrix, on Tomcat. */
class SpringBootBypassTest extends BypassMatrix {
    SpringBootBypassTest() {
        super(SpringBootDemo::start);
    }
}
