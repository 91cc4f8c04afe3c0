package io.certgate.bench;

import java.util.List;

/**
 * How much of a JVM's CPU one servlet filter spent on its own, read from a CPU profile in async-profiler's
 * collapsed format (one line per distinct stack: frames from the thread's root to the leaf, separated by
 * {@code ;}, then a space and the number of samples).
 *
 * <p>A sample is the filter's own when its stack passes through the filter's {@code doFilter} and not, after
 * that, through another {@code doFilter}: the filter chain the filter calls to hand the request on. Below the
 * chain, a sample is the filter's too when it passes through a method of the request wrapper the filter handed
 * on (the application asking CertGate's wrapper for the remote user, the container asking it for an
 * attribute), with everything that method called, the container's answer included: so a wrapper that overrides a
 * method is charged for the container's work behind it, which errs against the filter that overrides more. The
 * application's own work, the container's work after the filter, and the other threads (the client, the
 * selectors, the JIT, the GC) are not the filter's; what the container does when the filter asks it something
 * (a header, the remote address) is. That is the same split as the load run's: CertGate's share minus the
 * "reads what CertGate reads" filter's is CertGate's own cost, in a unit (a share of the CPU a request costs)
 * that the sampling measures far more precisely than requests/s measure throughput.
 *
 * @param samples every sample in the profile
 * @param own the samples in the filter's own code and what it called, but the chain, and in its wrapper's
 */
record FilterProfile(long samples, long own) {
    FilterProfile {
        if (samples < 0 || own < 0 || own > samples) {
            throw new IllegalArgumentException("samples " + samples + ", own " + own);
        }
    }

    /**
     * Reads a collapsed profile.
     *
     * @param filterFrame the filter's frame as the profile names it, e.g.
     *     {@code io/certgate/ClientCertFilter.doFilter}
     * @param wrappers the classes of the request wrappers the filter hands on, as the profile names them, e.g.
     *     {@code io/certgate/servlet/AuthenticatedRequest}
     */
    static FilterProfile of(String collapsed, String filterFrame, List<String> wrappers) {
        if (!filterFrame.endsWith(".doFilter")) {
            throw new IllegalArgumentException("not a doFilter frame: " + filterFrame);
        }
        long samples = 0;
        long own = 0;
        for (String line : collapsed.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            long count = Long.parseLong(line.substring(space + 1).strip());
            samples += count;
            if (isOwn(line.substring(0, space).split(";"), filterFrame, wrappers)) {
                own += count;
            }
        }
        return new FilterProfile(samples, own);
    }

    private static boolean isOwn(String[] frames, String filterFrame, List<String> wrappers) {
        int filter = -1;
        for (int i = 0; i < frames.length; i++) {
            if (frames[i].equals(filterFrame)) {
                filter = i;
            }
        }
        if (filter < 0) {
            return false;
        }
        int chain = filter + 1;
        while (chain < frames.length && !frames[chain].endsWith(".doFilter")) {
            chain++;
        }
        if (chain == frames.length) {
            return true;
        }
        for (int i = chain + 1; i < frames.length; i++) {
            for (String wrapper : wrappers) {
                if (frames[i].startsWith(wrapper + ".")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The filter's own share of the samples; 0 for an empty profile. */
    double ownShare() {
        return samples == 0 ? 0 : (double) own / samples;
    }
}
