package dev.crossrole.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A long-term access key ({@code AKIA…}) of a user or of an account's root. The secret is kept only
 * sealed under the master key; {@link #toString} never shows it.
 */
public record AccessKey(
    String accessKeyId,
    String accountId,
    Optional<String> userName,
    Status status,
    Instant created,
    String sealedSecret,
    Optional<Instant> lastUsed) {

  /** Whether the key may be used, as IAM's {@code statusType}. */
  public enum Status {
    ACTIVE("Active"),
    INACTIVE("Inactive");

    private final String text;

    Status(String text) {
      this.text = text;
    }

    /** {@code Active} or {@code Inactive}. */
    public String text() {
      return text;
    }
  }

  public AccessKey {
    Objects.requireNonNull(accessKeyId, "accessKeyId");
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(userName, "userName");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(sealedSecret, "sealedSecret");
    Objects.requireNonNull(lastUsed, "lastUsed");
  }

  /** Whether this is a key of the account's root user. */
  public boolean isRootKey() {
    return userName.isEmpty();
  }

  @Override
  public String toString() {
    return "AccessKey[" + accessKeyId + ", account " + accountId + ", " + status + "]";
  }
}
