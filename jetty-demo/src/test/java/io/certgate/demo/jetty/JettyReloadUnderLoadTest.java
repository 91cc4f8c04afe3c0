package io.certgate.demo.jetty;

import io.certgate.demo.testkit.ReloadUnderLoad;

/** 10,000 requests from 64 clients against the Jetty demo while its policy file and CRL are rewritten. */
class JettyReloadUnderLoadTest extends ReloadUnderLoad {
    JettyReloadUnderLoadTest() {
        super(JettyDemo::start);
    }
}
