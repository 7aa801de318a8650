package dev.crossrole.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;

/** Named pipes, for a test and a child process to wait on each other without polling. */
final class Fifo {
  private Fifo() {}

  /** A new FIFO {@code name} in {@code dir}. */
  static Path create(Path dir, String name) throws IOException, InterruptedException {
    Path fifo = dir.resolve(name);
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assertThat(mkfifo.waitFor()).isZero();
    return fifo;
  }
}
