package io.certgate.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

class DemoWebappTest {
    @Test
    void fillsInTheFlagValuesAsXml(@TempDir Path directory) throws Exception {
        Path ca = directory.resolve("a&b <dir>").resolve("ca.crt");
        Map<String, String> params = initParams(DemoWebapp.webXml(ca, "127.0.0.1/32"));
        assertEquals(ca.toAbsolutePath().toString(), params.get("trusted-ca"));
        assertEquals("127.0.0.1/32", params.get("trusted-proxies"));
    }

    @Test
    void configuresTheIssuesRules() throws Exception {
        Map<String, String> params = initParams(DemoWebapp.webXml(Path.of("/pki/ca.crt"), "127.0.0.1/32"));
        assertEquals("alice, bob", params.get("allowed-cns"));
        String rules = params.get("rules").replaceAll("[ \\t]+", " ");
        assertTrue(rules.contains("/unprotected/* open"), rules);
        assertTrue(rules.contains("/admin/* cn:alice"), rules);
        assertEquals("/WEB-INF/denied", params.get("denied-page"));
    }

    @Test
    void createWritesWebInfAndDeleteRemovesIt(@TempDir Path directory) throws Exception {
        Path webapp = DemoWebapp.create(directory.resolve("ca.crt"), "127.0.0.1/32");
        String webXml = Files.readString(webapp.resolve("WEB-INF/web.xml"));
        assertFalse(webXml.contains("${"), "no placeholder left");
        DemoWebapp.delete(webapp);
        assertFalse(Files.exists(webapp));
    }

    private static Map<String, String> initParams(String webXml) throws Exception {
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new InputSource(new StringReader(webXml)));
        NodeList list = document.getElementsByTagName("init-param");
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < list.getLength(); i++) {
            Element param = (Element) list.item(i);
            params.put(param.getElementsByTagName("param-name").item(0).getTextContent().strip(),
                    param.getElementsByTagName("param-value").item(0).getTextContent().strip());
        }
        return params;
    }
}
