package io.certgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The load run's CPU profile counts a filter's own samples, and nothing the chain after it or other threads did. */
class FilterProfileTest {
    private static final String FILTER = "io/certgate/ClientCertFilter.doFilter";

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
            "java/lang/Thread.run;org/eclipse/jetty/client/HttpClient.send 48",
            "");

    @Test
    void ownSamplesAreInsideTheFilterButNotInTheChainItCalls() {
        FilterProfile profile = FilterProfile.of(PROFILE, FILTER);

        assertEquals(100, profile.samples());
        assertEquals(12, profile.own());
        assertEquals(0.12, profile.ownShare(), 1e-12);
    }

    @Test
    void anotherFiltersProfileHasNothingOfThisOne() {
        FilterProfile profile = FilterProfile.of(PROFILE, "io/certgate/bench/PassThroughFilter.doFilter");

        assertEquals(100, profile.samples());
        assertEquals(0, profile.own());
    }

    @Test
    void aFilterCalledAgainFurtherDownIsCountedFromItsLastFrame() {
        // A forward that passes the filter a second time: the work under the second call is the filter's own.
        String forwarded = "root;" + FILTER + ";org/eclipse/jetty/ee10/servlet/ServletHandler$ChainEnd.doFilter;"
                + "app/Forwarder.doGet;" + FILTER + ";io/certgate/ServletGate.admit 5";

        assertEquals(5, FilterProfile.of(forwarded, FILTER).own());
    }

    @Test
    void profilesAddUp() {
        FilterProfile sum = FilterProfile.of(PROFILE, FILTER).plus(new FilterProfile(100, 8));

        assertEquals(0.10, sum.ownShare(), 1e-12);
        assertEquals(0, FilterProfile.EMPTY.ownShare());
    }

    @Test
    void refusesAFrameThatIsNoFilter() {
        assertThrows(IllegalArgumentException.class, () -> FilterProfile.of(PROFILE, "io/certgate/ServletGate.admit"));
    }
}
