package io.certgate.demo.spring;

import java.util.List;

import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;

import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.core.Ordered;

/**
 * Registers {@code web.xml}'s filters and servlets with the servlet context, by class name (the container makes
 * them, as it would from {@code web.xml}), in their order. Spring Boot runs initializers and filter registrations
 * by {@link #getOrder()}, which places these filters relative to CertGate's.
 */
final class WebXmlRegistrations implements ServletContextInitializer, Ordered {
    private final List<DemoWebXml.Declared> filters;
    private final List<DemoWebXml.Declared> servlets;
    private final int order;

    WebXmlRegistrations(List<DemoWebXml.Declared> filters, List<DemoWebXml.Declared> servlets, int order) {
        this.filters = List.copyOf(filters);
        this.servlets = List.copyOf(servlets);
        this.order = order;
    }

    @Override
    public void onStartup(ServletContext context) {
        for (DemoWebXml.Declared filter : filters) {
            FilterRegistration.Dynamic registration = context.addFilter(filter.name(), filter.className());
            // Not after the other mappings: CertGate's registration is one of those, and these run in order.
            registration.addMappingForUrlPatterns(filter.dispatcherTypes(), false,
                    filter.urlPatterns().toArray(String[]::new));
        }
        for (DemoWebXml.Declared servlet : servlets) {
            ServletRegistration.Dynamic registration = context.addServlet(servlet.name(), servlet.className());
            registration.addMapping(servlet.urlPatterns().toArray(String[]::new));
        }
    }

    @Override
    public int getOrder() {
        return order;
    }
}
