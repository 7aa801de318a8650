package dev.crossrole.server.internal.edge;

import dev.crossrole.core.AccessKey;
import dev.crossrole.core.Account;
import dev.crossrole.core.ErrorCode;
import dev.crossrole.core.IdentityException;
import dev.crossrole.core.IdentityStore;
import dev.crossrole.core.crypto.Identifiers;
import dev.crossrole.core.crypto.SecretBox;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What a server sets up in its store on start: accounts with root keys. */
public final class Bootstrap {
  private Bootstrap() {}

  /**
   * Creates the requested accounts that do not exist yet (an account named {@code main} when the
   * store has none and none is requested), each with one root access key.
   *
   * @throws IdentityException when a requested name or id belongs to a different account
   */
  public static void accounts(
      IdentityStore store, List<Account> requested, SecretBox secrets, Instant now) {
    List<Account> wanted = new ArrayList<>(requested);
    if (wanted.isEmpty() && store.accounts().isEmpty()) {
      wanted.add(new Account("main", Identifiers.accountId()));
    }
    for (Account account : wanted) {
      Optional<Account> existing =
          store.accounts().stream()
              .filter(a -> a.name().equals(account.name()) || a.id().equals(account.id()))
              .findFirst();
      if (existing.isPresent()) {
        if (!existing.get().equals(account)) {
          throw new IdentityException(
              ErrorCode.ENTITY_ALREADY_EXISTS,
              "Account "
                  + account.name()
                  + "="
                  + account.id()
                  + " conflicts with the stored "
                  + existing.get().name()
                  + "="
                  + existing.get().id());
        }
        continue;
      }
      store.createAccount(account);
      String keyId = Identifiers.accessKeyId();
      String sealed = secrets.sealText(Identifiers.secretAccessKey(), keyId);
      store.createAccessKey(
          new AccessKey(
              keyId,
              account.id(),
              Optional.empty(),
              AccessKey.Status.ACTIVE,
              now,
              sealed,
              Optional.empty()));
    }
  }
}
