package dev.crossrole.server.internal.registry;

import dev.crossrole.server.internal.request.Caller;
import java.time.Instant;
import java.util.Objects;

/**
 * An authenticated registry login: the IAM caller an ECR password stands for, and when that
 * password expires, which bounds the registry tokens issued to it.
 */
public record RegistryLogin(Caller caller, Instant expiresAt) {
  public RegistryLogin {
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
