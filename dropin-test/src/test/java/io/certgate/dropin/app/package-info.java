/**
 * An ordinary application that knows nothing of CertGate: the tests package these servlets into WARs, with
 * {@code web.xml} files from {@code src/test/resources/webapps}, and drop CertGate in around them. It uses
 * the Servlet API's own security methods only ({@code getRemoteUser}, {@code isUserInRole}).
 */
package io.certgate.dropin.app;
