package io.certgate.demo.spring;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import jakarta.servlet.DispatcherType;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The demo application's {@code WEB-INF/web.xml} (demo-common's, the one the Jetty and Tomcat demos serve), read
 * so that the Spring Boot demo serves the same application: CertGate's init-params become {@code certgate.*}
 * properties for the starter, and the other filters and the servlets are registered as declared. So a page, a
 * rule or a user added to the demo's {@code web.xml} reaches this demo too.
 *
 * <p>It reads what that file uses, nothing more: {@code <filter>} and {@code <servlet>} by class name,
 * {@code <filter-mapping>} by URL patterns and dispatcher types, {@code <servlet-mapping>} by URL patterns.
 *
 * @param certGateParameters the init-params of the filter whose class is {@code io.certgate.ClientCertFilter}
 * @param filtersBeforeCertGate the filters mapped before CertGate's, in mapping order
 * @param filtersAfterCertGate the filters mapped after it, in mapping order
 * @param servlets the servlets, in declaration order
 */
record DemoWebXml(Map<String, String> certGateParameters, List<Declared> filtersBeforeCertGate,
        List<Declared> filtersAfterCertGate, List<Declared> servlets) {
    static final String CERTGATE_FILTER = "io.certgate.ClientCertFilter";

    /**
     * A filter or servlet and where it is mapped.
     *
     * @param dispatcherTypes for a filter: the dispatcher types it sees (REQUEST when none is named)
     */
    record Declared(String name, String className, List<String> urlPatterns, EnumSet<DispatcherType> dispatcherTypes) {
        Declared {
            urlPatterns = List.copyOf(urlPatterns);
            dispatcherTypes = EnumSet.copyOf(dispatcherTypes);
        }
    }

    DemoWebXml {
        certGateParameters = Map.copyOf(certGateParameters);
        filtersBeforeCertGate = List.copyOf(filtersBeforeCertGate);
        filtersAfterCertGate = List.copyOf(filtersAfterCertGate);
        servlets = List.copyOf(servlets);
    }

    /** Reads {@code webappDirectory/WEB-INF/web.xml}. */
    static DemoWebXml read(Path webappDirectory) throws IOException {
        Document document;
        try (InputStream in = Files.newInputStream(webappDirectory.resolve("WEB-INF").resolve("web.xml"))) {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setNamespaceAware(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            document = builder.parse(in);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("cannot read the demo's web.xml: " + e.getMessage(), e);
        }
        Element root = document.getDocumentElement();

        Map<String, String> filterClasses = new LinkedHashMap<>();
        String certGateName = null;
        Map<String, String> certGateParameters = new LinkedHashMap<>();
        for (Element filter : children(root, "filter")) {
            String name = text(filter, "filter-name");
            String className = text(filter, "filter-class");
            filterClasses.put(name, className);
            if (className.equals(CERTGATE_FILTER)) {
                certGateName = name;
                for (Element parameter : children(filter, "init-param")) {
                    certGateParameters.put(text(parameter, "param-name"), text(parameter, "param-value"));
                }
            }
        }
        if (certGateName == null) {
            throw new IOException("the demo's web.xml declares no " + CERTGATE_FILTER);
        }

        List<Declared> before = new ArrayList<>();
        List<Declared> after = new ArrayList<>();
        boolean certGateSeen = false;
        for (Element mapping : children(root, "filter-mapping")) {
            String name = text(mapping, "filter-name");
            if (name.equals(certGateName)) {
                certGateSeen = true;
                continue;
            }
            EnumSet<DispatcherType> types = EnumSet.noneOf(DispatcherType.class);
            for (Element type : children(mapping, "dispatcher")) {
                types.add(DispatcherType.valueOf(type.getTextContent().strip()));
            }
            if (types.isEmpty()) {
                types.add(DispatcherType.REQUEST);
            }
            Declared filter = new Declared(name, filterClasses.get(name), texts(mapping, "url-pattern"), types);
            (certGateSeen ? after : before).add(filter);
        }

        Map<String, List<String>> servletPatterns = new LinkedHashMap<>();
        for (Element mapping : children(root, "servlet-mapping")) {
            servletPatterns.computeIfAbsent(text(mapping, "servlet-name"), name -> new ArrayList<>())
                    .addAll(texts(mapping, "url-pattern"));
        }
        List<Declared> servlets = new ArrayList<>();
        for (Element servlet : children(root, "servlet")) {
            String name = text(servlet, "servlet-name");
            servlets.add(new Declared(name, text(servlet, "servlet-class"),
                    servletPatterns.getOrDefault(name, List.of()), EnumSet.of(DispatcherType.REQUEST)));
        }
        return new DemoWebXml(certGateParameters, before, after, servlets);
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node node = nodes.item(i);
            if (node instanceof Element element && element.getTagName().equals(tag)) {
                found.add(element);
            }
        }
        return found;
    }

    private static String text(Element parent, String tag) throws IOException {
        List<Element> found = children(parent, tag);
        if (found.size() != 1) {
            throw new IOException("the demo's web.xml has " + found.size() + " <" + tag + "> in a <"
                    + parent.getTagName() + ">, expected one");
        }
        return found.get(0).getTextContent().strip();
    }

    private static List<String> texts(Element parent, String tag) {
        return children(parent, tag).stream().map(element -> element.getTextContent().strip()).toList();
    }
}
