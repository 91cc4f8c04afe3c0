package io.certgate.demo.tomcat;

import io.certgate.demo.testkit.Http2BypassMatrix;

/** The bypass matrix over h2 and h2c against the Tomcat demo, started through {@link TomcatDemo#start}. */
class TomcatHttp2BypassTest extends Http2BypassMatrix {
    TomcatHttp2BypassTest() {
        super(TomcatDemo::start);
    }
}
