package dev.crossrole.server.internal.request;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crossrole.core.AccessKey;
import dev.crossrole.core.Account;
import dev.crossrole.core.IdentityStore;
import dev.crossrole.core.LastUsed;
import dev.crossrole.server.internal.iam.IamCalls;
import dev.crossrole.store.JdbcIdentityStore;
import dev.crossrole.store.StoreConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Last use is written when it is a minute stale, not on every request, and all of it on flush. */
class UsageLogTest {
  private static final String KEY = "AKIAUSAGE00000000001";
  private static final Instant T0 = Instant.parse("2026-11-28T12:00:00Z");

  @TempDir Path data;
  private IdentityStore store;
  private UsageLog log;

  @BeforeEach
  void setUp() {
    store = JdbcIdentityStore.open(StoreConfig.embedded(data));
    store.createAccount(new Account("ours", IamCalls.ACCOUNT));
    store.createAccessKey(
        new AccessKey(
            KEY,
            IamCalls.ACCOUNT,
            Optional.empty(),
            AccessKey.Status.ACTIVE,
            T0,
            "sealed",
            Optional.empty()));
    log = new UsageLog(store);
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  private static LastUsed use(Instant at, String service) {
    return new LastUsed(at, Optional.of(service), "us-east-1");
  }

  @Test
  void keyUsed_firstUse_writtenAtOnce() {
    log.keyUsed(KEY, T0, "sts", "us-east-1");

    assertThat(store.accessKeyLastUsed(KEY)).contains(use(T0, "sts"));
  }

  @Test
  void keyUsed_againWithinAMinute_readsNewestButStoreKeepsFirst() {
    log.keyUsed(KEY, T0, "sts", "us-east-1");
    log.keyUsed(KEY, T0.plusSeconds(59), "iam", "us-east-1");

    assertThat(log.keyLastUsed(KEY)).contains(use(T0.plusSeconds(59), "iam"));
    assertThat(store.accessKeyLastUsed(KEY)).contains(use(T0, "sts"));
  }

  @Test
  void keyUsed_aMinuteAfterTheWrite_writtenAgain() {
    log.keyUsed(KEY, T0, "sts", "us-east-1");
    log.keyUsed(KEY, T0.plusSeconds(30), "iam", "us-east-1");
    log.keyUsed(KEY, T0.plusSeconds(60), "iam", "us-east-1");

    assertThat(store.accessKeyLastUsed(KEY)).contains(use(T0.plusSeconds(60), "iam"));
  }

  @Test
  void flush_unwrittenUseInTheSameSecond_written() {
    log.keyUsed(KEY, T0, "sts", "us-east-1");
    log.keyUsed(KEY, T0.plusMillis(400), "iam", "us-east-1");

    log.flush();

    assertThat(store.accessKeyLastUsed(KEY)).contains(use(T0, "iam"));
  }

  @Test
  void keyUsed_olderThanKnown_ignored() {
    log.keyUsed(KEY, T0.plusSeconds(10), "sts", "us-east-1");
    log.keyUsed(KEY, T0, "iam", "us-east-1");
    log.flush();

    assertThat(store.accessKeyLastUsed(KEY)).contains(use(T0.plusSeconds(10), "sts"));
  }
}
