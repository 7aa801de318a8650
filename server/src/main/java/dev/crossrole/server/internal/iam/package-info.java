/**
 * The IAM API over the Query protocol; its policy simulator is the {@code simulator} sub-package.
 */
package dev.crossrole.server.internal.iam;
