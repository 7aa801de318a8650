/**
 * What every request has, below the protocols and services: its body ({@code RequestBody}), who
 * sent it ({@code Caller}) and from where ({@code Origin}), the last use it records ({@code
 * UsageLog}), and the one way it is refused: {@code AwsException} carrying an {@code AwsError},
 * which also maps authentication's and the store's refusals. Depends on nothing else of the server
 * but {@code sigv4}.
 */
package dev.crossrole.server.internal.request;
