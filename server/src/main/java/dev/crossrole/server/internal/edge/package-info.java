/**
 * The HTTP edge and startup: listener, body limits, error pages, the SigV4 dispatch to a protocol,
 * who the caller is ({@code Caller}, {@code Credentials}), last-use records, token keys, the admin
 * socket and profiles.
 */
package dev.crossrole.server.internal.edge;
