package io.certgate.demo;

/**
 * The one thing a demo module adds: how its container serves the demo web application on the two
 * connectors {@link ServerSetup} describes.
 */
@FunctionalInterface
public interface ServerStarter {
    /**
     * Starts the server and returns once both connectors are bound and the web application is up.
     *
     * @throws Exception if the server or the web application does not start; nothing may be left running
     */
    StartedServer start(ServerSetup setup) throws Exception;

    /**
     * A started server, as its starter sees it.
     *
     * @param httpsPort the HTTPS port actually bound (the requested one, or the one the system picked for 0)
     * @param httpPort the HTTP port actually bound
     * @param stop stops the server and waits for it; called once
     */
    record StartedServer(int httpsPort, int httpPort, Stop stop) {
    }

    /** Stops a started server. */
    @FunctionalInterface
    interface Stop {
        void stop() throws Exception;
    }
}
