package io.certgate.demo.tomcat;

import io.certgate.demo.testkit.DemoContract;

/** The Tomcat demo, started through {@link TomcatDemo#start}, against the whole demo contract. */
class TomcatDemoTest extends DemoContract {
    TomcatDemoTest() {
        super(TomcatDemo::start);
    }
}
