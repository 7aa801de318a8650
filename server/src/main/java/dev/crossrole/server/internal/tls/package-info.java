/**
 * The server's TLS material: a certificate chain and its private key read from PEM files, or a
 * certificate authority of the server's own under its data directory and a certificate it signs for
 * the names the server is reached by. Depends on nothing else of the server; the listener ({@code
 * edge}) and the registry child ({@code registry}) use it.
 */
package dev.crossrole.server.internal.tls;
