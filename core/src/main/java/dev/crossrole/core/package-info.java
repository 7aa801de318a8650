/**
 * The identity domain of crossrole: accounts, users, access keys, roles and their policies, and the
 * storage interface that the {@code store} module implements. Errors carry the AWS error code they
 * map to ({@link dev.crossrole.core.IdentityException}).
 */
package dev.crossrole.core;
