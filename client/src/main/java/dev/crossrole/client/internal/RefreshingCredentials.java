package dev.crossrole.client.internal;

import dev.crossrole.client.CredentialSource;
import dev.crossrole.client.TemporaryCredentials;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Holds the credentials one fetch gave and fetches again once {@code usable} no longer accepts them
 * (they entered the refresh window): the one refreshing {@link CredentialSource} of the build side,
 * behind {@code exec}'s credentials endpoint and any long-running embedder.
 */
public final class RefreshingCredentials implements CredentialSource {
  private final Supplier<TemporaryCredentials> fetch;
  private final Predicate<TemporaryCredentials> usable;
  private TemporaryCredentials held;

  public RefreshingCredentials(
      Supplier<TemporaryCredentials> fetch, Predicate<TemporaryCredentials> usable) {
    this.fetch = Objects.requireNonNull(fetch, "fetch");
    this.usable = Objects.requireNonNull(usable, "usable");
  }

  @Override
  public synchronized TemporaryCredentials credentials() {
    if (held == null || !usable.test(held)) {
      held = fetch.get();
    }
    return held;
  }
}
