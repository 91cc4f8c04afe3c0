package io.certgate.demo.jetty;

import io.certgate.demo.testkit.BypassMatrix;

/** The bypass matrix against the Jetty demo, started through {@link JettyDemo#start}. */
class JettyBypassTest extends BypassMatrix {
    JettyBypassTest() {
        super(JettyDemo::start);
    }
}
