package io.certgate.explain;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The {@code <filter>} declarations of a {@code web.xml}, read the way Jetty and Tomcat read them (element
 * text trimmed, comments left out), for the {@link Explainer}.
 *
 * <p>The file is parsed with the JDK's DOM parser, hardened: a {@code DOCTYPE} is refused outright (a
 * Servlet 3.0+ {@code web.xml} needs none), and external entities, external DTDs and XInclude are off, so a
 * file handed to the explainer cannot make it read other files or the network.
 */
final class WebXml {
    /**
     * One {@code <filter>} element.
     *
     * @param name the {@code filter-name}
     * @param className the {@code filter-class}
     * @param initParameters the {@code init-param}s in file order
     */
    record FilterDeclaration(String name, String className, Map<String, String> initParameters) {
        FilterDeclaration {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(className, "className");
            initParameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(initParameters));
        }
    }

    /** A {@code web.xml} that cannot be read or does not declare filters the way containers expect. */
    static final class WebXmlException extends Exception {
        private static final long serialVersionUID = 1L;

        WebXmlException(String message) {
            super(message);
        }
    }

    private WebXml() {
    }

    /**
     * Every {@code <filter>} of the file, in file order.
     *
     * @throws WebXmlException naming the file, the line where the parser knows it, and the problem
     */
    static List<FilterDeclaration> filters(Path file) throws WebXmlException {
        Document document;
        try (InputStream in = Files.newInputStream(file)) {
            document = hardenedBuilder().parse(in, file.toUri().toString());
        } catch (NoSuchFileException e) {
            throw new WebXmlException(file + " does not exist");
        } catch (SAXParseException e) {
            String problem = e.getMessage();
            if (problem != null && problem.contains("DOCTYPE")) {
                problem = "DOCTYPE declarations are refused, so that the file cannot pull in other files or URLs;"
                        + " a Servlet 3.0+ web.xml needs none, remove it";
            }
            throw new WebXmlException(file + (e.getLineNumber() > 0 ? " line " + e.getLineNumber() : "") + ": "
                    + problem);
        } catch (IOException | SAXException e) {
            throw new WebXmlException(file + " cannot be read: " + e.getMessage());
        }
        Element root = document.getDocumentElement();
        if (!"web-app".equals(localName(root))) {
            throw new WebXmlException(file + ": the root element is <" + localName(root) + ">, not <web-app>");
        }
        List<FilterDeclaration> filters = new ArrayList<>();
        for (Element filter : children(root, "filter")) {
            String name = text(file, filter, "filter-name");
            String className = text(file, filter, "filter-class");
            Map<String, String> parameters = new LinkedHashMap<>();
            for (Element parameter : children(filter, "init-param")) {
                String parameterName = text(file, parameter, "param-name");
                Element value = single(file, parameter, "param-value");
                String parameterValue = value == null ? "" : value.getTextContent().trim();
                if (parameters.put(parameterName, parameterValue) != null) {
                    throw new WebXmlException(file + ": filter \"" + name + "\" has init-param '" + parameterName
                            + "' twice; containers keep only one of them, so keep one");
                }
            }
            filters.add(new FilterDeclaration(name, className, parameters));
        }
        return filters;
    }

    private static DocumentBuilder hardenedBuilder() throws WebXmlException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        try {
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new ErrorHandler() {
                // The default handler prints "[Fatal Error]" lines to stderr; the exception says it all.
                @Override
                public void warning(SAXParseException e) {
                }

                @Override
                public void error(SAXParseException e) throws SAXException {
                    throw e;
                }

                @Override
                public void fatalError(SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            return builder;
        } catch (ParserConfigurationException | IllegalArgumentException e) {
            throw new WebXmlException("the JDK's XML parser cannot be hardened against external entities: "
                    + e.getMessage());
        }
    }

    private static String text(Path file, Element parent, String name) throws WebXmlException {
        Element element = single(file, parent, name);
        String text = element == null ? "" : element.getTextContent().trim();
        if (text.isEmpty()) {
            throw new WebXmlException(file + ": a <" + localName(parent) + "> has no <" + name + ">");
        }
        return text;
    }

    private static Element single(Path file, Element parent, String name) throws WebXmlException {
        List<Element> elements = children(parent, name);
        if (elements.size() > 1) {
            throw new WebXmlException(file + ": a <" + localName(parent) + "> has " + elements.size() + " <" + name
                    + "> elements; give one");
        }
        return elements.isEmpty() ? null : elements.get(0);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> elements = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && name.equals(localName(element))) {
                elements.add(element);
            }
        }
        return elements;
    }

    /** The name without namespace: web.xml files come with the Jakarta, the Java EE or no namespace. */
    private static String localName(Element element) {
        return element.getLocalName() != null ? element.getLocalName() : element.getTagName();
    }
}
