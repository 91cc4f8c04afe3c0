package io.certgate.dropin;

import java.io.IOException;

/** docs/dropin.md's Tomcat connector, moved from port 8443 to a free port on 127.0.0.1. */
final class TomcatConnector {
    private TomcatConnector() {
    }

    static String documented(int port) throws IOException {
        String connector = Snippets.blockAfter(Snippets.DROPIN, "and trusts only\nyour client CA:", "xml");
        return Snippets.replaceOnce(connector, "port=\"8443\"", "address=\"127.0.0.1\" port=\"" + port + "\"");
    }
}
