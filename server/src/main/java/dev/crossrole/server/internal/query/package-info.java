/**
 * The AWS Query protocol (IAM, STS): {@code QueryService}, {@code ServiceCall}, parameters,
 * validation errors and XML responses.
 */
package dev.crossrole.server.internal.query;
