/**
 * Authorization shared by the services: {@code Access} asks the engine and answers AccessDenied
 * with an encoded message; policy validation, tags, trust principals.
 */
package dev.crossrole.server.internal.authz;
