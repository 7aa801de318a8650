/**
 * Authorization shared by the services, whatever their protocol: {@code Access} asks the engine and
 * returns the denial, or IAM's AccessDenied with an encoded message; policy validation, tags, trust
 * principals, and whether a principal still stands.
 */
package dev.crossrole.server.internal.authz;
