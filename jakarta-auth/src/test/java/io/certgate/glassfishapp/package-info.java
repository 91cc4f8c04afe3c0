/**
 * The web application that {@code io.certgate.jakarta.security.glassfish.GlassFishSecurityTest} packs into a
 * WAR and deploys on GlassFish. Outside {@code io.certgate.jakarta}, so that surefire, asked for those tests,
 * never loads these classes: their Jakarta REST and enterprise bean APIs exist only in the server.
 */
package io.certgate.glassfishapp;
