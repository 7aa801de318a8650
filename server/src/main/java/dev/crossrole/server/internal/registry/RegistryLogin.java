package dev.crossrole.server.internal.registry;

import dev.crossrole.server.internal.request.Caller;
import dev.crossrole.server.internal.request.Origin;
import java.time.Instant;
import java.util.Objects;

/**
 * An authenticated registry login: the IAM caller an ECR password stands for, where the token
 * request that presented it came from, and when that password expires, which bounds the registry
 * tokens issued to it.
 */
public record RegistryLogin(Caller caller, Origin origin, Instant expiresAt) {
  public RegistryLogin {
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
