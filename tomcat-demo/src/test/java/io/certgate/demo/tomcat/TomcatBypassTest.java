package io.certgate.demo.tomcat;

import io.certgate.demo.testkit.BypassMatrix;

/** The bypass matrix against the Tomcat demo, started through {@link TomcatDemo#start}. */
class TomcatBypassTest extends BypassMatrix {
    TomcatBypassTest() {
        super(TomcatDemo::start);
    }
}
