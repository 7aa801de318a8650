/**
 * AWS Signature Version 4 verification for requests that reach crossrole's HTTP edge.
 *
 * <p>{@link dev.crossrole.server.internal.sigv4.SigV4Verifier} takes a {@link
 * dev.crossrole.server.internal.sigv4.SignedRequest} as received (raw path and query, headers,
 * body, arrival time), finds the secret through {@link
 * dev.crossrole.server.internal.sigv4.SigningSecrets}, and returns a {@link
 * dev.crossrole.server.internal.sigv4.VerifiedRequest} or throws a {@link
 * dev.crossrole.server.internal.sigv4.SignatureException} carrying AWS's error code, HTTP status
 * and message. {@link dev.crossrole.server.internal.sigv4.SigV4} holds the protocol's steps under
 * AWS's names: canonical request, string to sign, signing key, signature.
 *
 * <p>Secrets never appear in a {@code toString}, a log line or an exception message.
 */
package dev.crossrole.server.internal.sigv4;
