package io.certgate;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;

/**
 * A test that waits on the wall clock: a file reload interval, a slow or silent OCSP responder. It runs in
 * {@code mvn verify}; the mutation profile leaves it out (tag {@value #TAG}), because PIT runs every covering
 * test against each surviving mutant and these waits, not the assertions, would decide how long that takes.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Tag(WaitsOnTheClock.TAG)
public @interface WaitsOnTheClock {
    String TAG = "waits-on-the-clock";
}
