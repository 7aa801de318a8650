/**
 * The AWS Query protocol (IAM, STS): {@code QueryService}, {@code ServiceCall}, parameters,
 * validation errors, XML responses, and {@code QueryAccess}, which authorizes a call as IAM and STS
 * answer a refusal.
 */
package dev.crossrole.server.internal.query;
