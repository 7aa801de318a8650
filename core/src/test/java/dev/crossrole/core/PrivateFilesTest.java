package dev.crossrole.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateFilesTest {
  @TempDir Path temp;

  private static String mode(Path path) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  @Test
  void write_existingLooseFile_replacedWholeOwnerOnlyWithNothingLeftBeside() throws Exception {
    Path file = temp.resolve("credentials");
    Files.writeString(file, "old and longer text");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    PrivateFiles.write(file, "new");

    assertThat(file).hasContent("new");
    assertThat(mode(file)).isEqualTo("rw-------");
    try (var files = Files.list(temp)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void createDirectory_new_ownerOnlyWithParentsAsUsual() throws Exception {
    Path dir = PrivateFiles.createDirectory(temp.resolve("outside/data"));

    assertThat(mode(dir)).isEqualTo("rwx------");
    assertThat(mode(dir.getParent())).isNotEqualTo("rwx------");
  }

  @Test
  void restrictTree_looseTree_everythingOwnerOnlyAndTheOldModeReported() throws Exception {
    Path dir = temp.resolve("data");
    Files.createDirectories(dir.resolve("registry/storage"));
    Files.writeString(dir.resolve("registry/storage/layer"), "bytes");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(
        dir.resolve("registry/storage/layer"), PosixFilePermissions.fromString("rw-r--r--"));

    assertThat(PrivateFiles.restrictTree(dir)).contains("rwxr-xr-x");

    assertThat(mode(dir)).isEqualTo("rwx------");
    assertThat(mode(dir.resolve("registry"))).isEqualTo("rwx------");
    assertThat(mode(dir.resolve("registry/storage/layer"))).isEqualTo("rw-------");
    assertThat(PrivateFiles.restrictTree(dir)).isEmpty();
  }

  @Test
  void open_newFile_ownerOnlyAndWritable() throws Exception {
    Path file = temp.resolve("events.jsonl");

    try (FileChannel channel = PrivateFiles.open(file)) {
      channel.write(ByteBuffer.wrap("line\n".getBytes(StandardCharsets.UTF_8)), 0);
    }

    assertThat(mode(file)).isEqualTo("rw-------");
    assertThat(file).hasContent("line");
  }
}
