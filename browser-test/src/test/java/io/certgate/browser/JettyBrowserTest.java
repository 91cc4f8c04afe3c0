package io.certgate.browser;

import io.certgate.demo.jetty.JettyDemo;

/** The Jetty demo, started through {@link JettyDemo#start}, in a real Chromium. */
class JettyBrowserTest extends BrowserContract {
    JettyBrowserTest() {
        super("jetty", JettyDemo::start);
    }
}
