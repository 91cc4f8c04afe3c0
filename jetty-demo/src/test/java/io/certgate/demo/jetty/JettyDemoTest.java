package io.certgate.demo.jetty;

import io.certgate.demo.testkit.DemoContract;

/** The Jetty demo, started through {@link JettyDemo#start}, against the whole demo contract. */
class JettyDemoTest extends DemoContract {
    JettyDemoTest() {
        super(JettyDemo::start);
    }
}
