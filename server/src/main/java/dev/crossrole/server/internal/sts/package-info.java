/** The STS API over the Query protocol. */
package dev.crossrole.server.internal.sts;
