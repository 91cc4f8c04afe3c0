package io.certgate.demo.tomcat;

import io.certgate.demo.testkit.NginxSnippetContract;

/** The nginx snippet the Tomcat demo prints, run by a real nginx in front of it. */
class TomcatNginxSnippetTest extends NginxSnippetContract {
    TomcatNginxSnippetTest() {
        super(TomcatDemo::start);
    }
}
