#!/usr/bin/env bash
# Builds CertGate and runs its benchmarks, then prints one table:
#   1. JMH: one allowed decision per source (TLS attribute, with and without trusted-ca, nginx DN header,
#      nginx certificate header hit and miss, Envoy XFCC), with -prof gc bytes/op against a bare wrapper;
#   2. end to end: embedded Jetty 12 and Tomcat 11 over TLS 1.3 with client certificates (no filter, a
#      pass-through filter, "reads what CertGate reads", CertGate, the CertGate module, the container's own
#      CLIENT-CERT) and plain HTTP with nginx's headers (no filter, pass-through, "reads what CertGate reads",
#      CertGate). The load run warms up until the JIT settles, then interleaves many short rounds and reports
#      per-round paired ratios as median [interval], the client's and the server's CPU time per request, and
#      CertGate's own server CPU time per request against "reads what CertGate reads"; see LoadRun's Javadoc;
#   3. a CPU profile (async-profiler, from Maven Central) of the pass-through filter, "reads what CertGate reads"
#      and CertGate on each container and mode: each filter's own share of the CPU, so CertGate's own cost.
# Takes about 10 minutes on 2 cores, the load run about 6 of them. `mvn -B verify` compiles this module and
# runs its fast tests (CertGateCallsTest), never the benchmarks.
#
# Environment: JMH_ARGS (extra JMH options, e.g. "-wi 1 -i 2" for a quick look), LOAD_ARGS (defaults:
# "--connections 8 --requests 250 --rounds 300 --warmup 2000 --max-warmup-seconds 120 --profile-requests 60000
# --profile-interval 200us --containers jetty,tomcat"; --profile-requests 0 skips the profile;
# a smoke run of the load run: "--rounds 20 --warmup 500 --max-warmup-seconds 20"), MVN_ARGS (e.g. -o).
# Raw output goes to benchmarks/target/results/ (jmh.log, jmh.csv, load.log, table.txt, and the CPU profiles
# profile-CONTAINER-MODE-FILTER.collapsed: async-profiler's collapsed stacks, for a flame graph or grep).
set -euo pipefail
cd "$(dirname "$0")/.."

results=benchmarks/target/results
echo "Building (mvn -pl benchmarks -am package, tests skipped)..." >&2
mvn -B -q ${MVN_ARGS:-} -pl benchmarks -am package -Dmaven.test.skip=true
mkdir -p "$results"
classpath="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"

echo "JMH: DecisionBenchmark with -prof gc (log: $results/jmh.log)..." >&2
# shellcheck disable=SC2086
# -foe: a benchmark that throws (a request the filter denied, say) fails the run instead of leaving a gap.
java -cp "$classpath" org.openjdk.jmh.Main 'io.certgate.bench.DecisionBenchmark' -prof gc -foe true \
    -rf csv -rff "$results/jmh.csv" ${JMH_ARGS:-} > "$results/jmh.log" 2>&1 \
    || { tail -40 "$results/jmh.log" >&2; exit 1; }

echo "JMH: AdversarialInputBenchmark, hostile headers at the size limits (log: $results/adversarial.log)..." >&2
# shellcheck disable=SC2086
java -cp "$classpath" org.openjdk.jmh.Main 'io.certgate.bench.AdversarialInputBenchmark' -foe true \
    -rf csv -rff "$results/adversarial.csv" ${JMH_ARGS:-} > "$results/adversarial.log" 2>&1 \
    || { tail -40 "$results/adversarial.log" >&2; exit 1; }

echo "Load run: Jetty 12 and Tomcat 11 (log: $results/load.log)..." >&2
# shellcheck disable=SC2086
# DebugNonSafepoints: the CPU profile at the end attributes samples in inlined code to the right method.
java -Xms512m -Xmx512m -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints -cp "$classpath" \
    io.certgate.bench.LoadRun --jmh-csv "$results/jmh.csv" --profile-out "$results" \
    --out "$results/table.txt" ${LOAD_ARGS:-} 2> "$results/load.log" \
    || { tail -40 "$results/load.log" >&2; exit 1; }

echo
echo "Hostile headers at the size limits, one whole (denied) decision each, microseconds per operation:"
grep -E '^AdversarialInputBenchmark' "$results/adversarial.log" || sed -n '/^Benchmark/,$p' "$results/adversarial.log"
