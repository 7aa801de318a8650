package dev.crossrole.server;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** A restart keeps the seed's state in the embedded H2 store under the data directory. */
class SeedStoryEmbeddedRestartTest extends SeedStoryRestartContract {
  @TempDir static Path data;

  @Override
  protected Path dataDirectory() {
    return data;
  }

  @Override
  protected ServerConfig config() {
    return SeedSdk.threeAccounts(ServerConfig.builder(data).port(0)).build();
  }
}
