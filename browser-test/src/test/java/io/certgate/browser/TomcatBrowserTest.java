package io.certgate.browser;

import io.certgate.demo.tomcat.TomcatDemo;

/** The Tomcat demo, started through {@link TomcatDemo#start}, in a real Chromium. */
class TomcatBrowserTest extends BrowserContract {
    TomcatBrowserTest() {
        super("tomcat", TomcatDemo::start);
    }
}
