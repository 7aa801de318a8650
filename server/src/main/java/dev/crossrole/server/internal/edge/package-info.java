/**
 * The HTTP edge and startup: listener, body limits, error pages, the SigV4 dispatch to a protocol,
 * the caller's credentials ({@code Credentials}), token keys, the admin socket and profiles. Only
 * the server's wiring depends on it.
 */
package dev.crossrole.server.internal.edge;
