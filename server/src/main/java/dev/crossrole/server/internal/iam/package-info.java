/** The IAM API over the Query protocol, its policy simulator included. */
package dev.crossrole.server.internal.iam;
