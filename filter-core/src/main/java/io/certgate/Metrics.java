package io.certgate;

import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import io.certgate.verdict.ReasonCode;

/** Counters of one filter instance; cheap to bump from many threads at once. */
final class Metrics implements CertGateMetricsMXBean {
    private static final System.Logger LOG = System.getLogger("io.certgate");

    private final LongAdder allowed = new LongAdder();
    private final LongAdder denied = new LongAdder();
    private final LongAdder wouldDeny = new LongAdder();
    private final Map<ReasonCode, LongAdder> byReason = new EnumMap<>(ReasonCode.class);
    private final IntSupplier expiringSoon;
    private ObjectName registeredAs;

    /** @param expiringSoon counts the certificates near expiry seen lately, when the metrics are read */
    Metrics(IntSupplier expiringSoon) {
        this.expiringSoon = expiringSoon;
        for (ReasonCode reason : ReasonCode.values()) {
            byReason.put(reason, new LongAdder());
        }
    }

    void allowed() {
        allowed.increment();
    }

    void denied(ReasonCode reason, boolean enforced) {
        (enforced ? denied : wouldDeny).increment();
        byReason.get(reason).increment();
    }

    @Override
    public long getAllowed() {
        return allowed.sum();
    }

    @Override
    public long getDenied() {
        return denied.sum();
    }

    @Override
    public long getWouldDeny() {
        return wouldDeny.sum();
    }

    @Override
    public Map<String, Long> getDeniedByReason() {
        Map<String, Long> counts = new TreeMap<>();
        byReason.forEach((reason, count) -> {
            long sum = count.sum();
            if (sum > 0) {
                counts.put(reason.code(), sum);
            }
        });
        return counts;
    }

    @Override
    public int getCertificatesExpiringSoon() {
        return expiringSoon.getAsInt();
    }

    /** Registers with the platform MBean server; a clash (two filters of one name) is logged, not fatal. */
    synchronized void register(String filterName, String contextPath) {
        try {
            ObjectName name = ObjectName.getInstance("io.certgate:type=ClientCertFilter"
                    + (contextPath == null ? "" : ",context=" + ObjectName.quote(contextPath))
                    + ",name=" + ObjectName.quote(filterName));
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            server.registerMBean(this, name);
            registeredAs = name;
        } catch (JMException e) {
            LOG.log(Level.WARNING, "CertGate: metrics for filter " + filterName + " not registered in JMX: " + e);
        }
    }

    synchronized void unregister() {
        if (registeredAs == null) {
            return;
        }
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(registeredAs);
        } catch (JMException e) {
            LOG.log(Level.WARNING, "CertGate: could not unregister " + registeredAs + ": " + e);
        }
        registeredAs = null;
    }
}
