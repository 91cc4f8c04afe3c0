package io.certgate.demo.jetty;

import io.certgate.demo.testkit.NginxSnippetContract;

/** The nginx snippet the Jetty demo prints, run by a real nginx in front of it. */
class JettyNginxSnippetTest extends NginxSnippetContract {
    JettyNginxSnippetTest() {
        super(JettyDemo::start);
    }
}
