/**
 * Matching machinery behind the policy model: wildcard and ARN patterns, policy variables, CIDR
 * blocks, dates and the condition operators. Not an API; it may change without notice.
 */
package dev.crossrole.policy.internal;
