package dev.crossrole.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crossrole.core.Account;
import dev.crossrole.core.IdentityException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on the embedded H2 file, one data directory per test. */
class H2IdentityStoreTest extends IdentityStoreContract {
  @TempDir Path dataDir;

  @Override
  protected StoreConfig emptyStoreConfig() {
    return StoreConfig.embedded(dataDir);
  }

  @Test
  void open_missingDataDirectory_createsItWithTheDatabaseFile() {
    Path nested = dataDir.resolve("does/not/exist/yet");

    try (JdbcIdentityStore other = JdbcIdentityStore.open(StoreConfig.embedded(nested))) {
      other.createAccount(new Account("main", "123456789012"));
    }

    assertThat(nested.resolve("crossrole.mv.db")).isRegularFile();
  }

  @Test
  void description_embeddedStore_namesTheDatabaseFile() {
    assertThat(store.description())
        .isEqualTo("embedded H2 database " + dataDir.toAbsolutePath().resolve("crossrole"));
  }

  @Test
  void close_embeddedStore_releasesTheDatabaseFileLock() throws Exception {
    Path file = dataDir.resolve("crossrole.mv.db");
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      assertThatThrownBy(channel::tryLock).isInstanceOf(OverlappingFileLockException.class);
    }

    store.close();
    store = null;

    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock()) {
      assertThat(lock).isNotNull();
    }
  }

  @Test
  void createUser_failedStatement_leavesNoTraceFileInDataDirectory() throws Exception {
    store.createUser(user(BUILD, "builder"));
    assertThatThrownBy(() -> store.createUser(user(BUILD, "builder")))
        .isInstanceOf(IdentityException.class);
    assertThatThrownBy(() -> store.createUser(user(BUILD, "x".repeat(100))))
        .isInstanceOf(IdentityException.class);

    store.close();
    store = null;

    try (Stream<Path> files = Files.list(dataDir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("crossrole.mv.db");
    }
  }
}
