package io.certgate.demo.spring;

import io.certgate.demo.testkit.DemoContract;

/** The Spring Boot demo, started through {@link SpringBootDemo#start}, against the whole demo contract, on Tomcat. */
class SpringBootDemoTest extends DemoContract {
    SpringBootDemoTest() {
        super(SpringBootDemo::start);
    }
}
