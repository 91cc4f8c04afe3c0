package io.certgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The load run's CPU profile counts a filter's own samples, and nothing the chain after it or other threads did. */
class FilterProfileTest {
    private static final String FILTER = "io/certgate/ClientCertFilter.doFilter";
    private static final List<String> WRAPPERS = List.of("io/certgate/servlet/AuthenticatedRequest");

    /** Shaped like async-profiler's output for Jetty: the filter, the chain it calls, the client's threads. */
    private static final String PROFILE = String.join("\n",
            "java/lang/Thread.run;org/eclipse/jetty/ee10/servlet/FilterHolder.doFilter;"
                    + FILTER + ";io/certgate/ServletGate.admit;io/certgate/decision/Gate.decide 7",
            "java/lang/Thread.run;org/eclipse/jetty/ee10/servlet/FilterHolder.doFilter;"
                    + FILTER + ";org/eclipse/jetty/ee10/servlet/ServletApiRequest.getHeaders 3",
            "java/lang/Thread.run;org/eclipse/jetty/ee10/servlet/FilterHolder.doFilter;"
                    + FILTER + ";org/eclipse/jetty/ee10/servlet/ServletHandler$ChainEnd.doFilter;"
                    + "io/certgate/bench/OkServlet.doGet 40",
            "java/lang/Thread.run;org/eclipse/jetty/ee10/servlet/FilterHolder.doFilter;" + FILTER + " 2",
            // The application asks the wrapper CertGate handed on: CertGate's; the same call on another class is not.
            "java/lang/Thread.run;org/eclipse/jetty/ee10/servlet/FilterHolder.doFilter;" + FILTER
                    + ";org/eclipse/jetty/ee10/servlet/ServletHandler$ChainEnd.doFilter;io/certgate/bench/OkServlet.doGet;"
                    + "io/certgate/servlet/AuthenticatedRequest.getRemoteUser;io/certgate/decision/Gate.name 4",
            "java/lang/Thread.run;org/eclipse/jetty/ee10/servlet/FilterHolder.doFilter;" + FILTER
                    + ";org/eclipse/jetty/ee10/servlet/ServletHandler$ChainEnd.doFilter;io/certgate/bench/OkServlet.doGet;"
                    + "io/certgate/servlet/AuthenticatedRequestFactory.make 1",
            "java/lang/Thread.run;org/eclipse/jetty/client/HttpClient.send 43",
            "");

    @Test
    void ownSamplesAreInsideTheFilterOrItsWrapperButNotInTheChainItCalls() {
        FilterProfile profile = FilterProfile.of(PROFILE, FILTER, WRAPPERS);

        assertEquals(100, profile.samples());
        assertEquals(16, profile.own());
        assertEquals(0.16, profile.ownShare(), 1e-12);
    }

    @Test
    void withoutItsWrapperOnlyTheFilterCounts() {
        assertEquals(12, FilterProfile.of(PROFILE, FILTER, List.of()).own());
    }

    @Test
    void anotherFiltersProfileHasNothingOfThisOne() {
        FilterProfile profile = FilterProfile.of(PROFILE, "io/certgate/bench/PassThroughFilter.doFilter", List.of());

        assertEquals(100, profile.samples());
        assertEquals(0, profile.own());
    }

    @Test
    void aFilterCalledAgainFurtherDownIsCountedFromItsLastFrame() {
        // A forward that passes the filter a second time: the work under the second call is the filter's own.
        String forwarded = "root;" + FILTER + ";org/eclipse/jetty/ee10/servlet/ServletHandler$ChainEnd.doFilter;"
                + "app/Forwarder.doGet;" + FILTER + ";io/certgate/ServletGate.admit 5";

        assertEquals(5, FilterProfile.of(forwarded, FILTER, WRAPPERS).own());
    }

    @Test
    void anEmptyProfileHasNoShare() {
        assertEquals(0, new FilterProfile(0, 0).ownShare());
    }

    @Test
    void refusesAFrameThatIsNoFilter() {
        assertThrows(IllegalArgumentException.class, () -> FilterProfile.of(PROFILE, "io/certgate/ServletGate.admit", WRAPPERS));
    }
}
