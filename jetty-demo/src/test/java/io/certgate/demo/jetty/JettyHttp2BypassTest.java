package io.certgate.demo.jetty;

import io.certgate.demo.testkit.Http2BypassMatrix;

/** The bypass matrix over h2 and h2c against the Jetty demo, started through {@link JettyDemo#start}. */
class JettyHttp2BypassTest extends Http2BypassMatrix {
    JettyHttp2BypassTest() {
        super(JettyDemo::start);
    }
}
