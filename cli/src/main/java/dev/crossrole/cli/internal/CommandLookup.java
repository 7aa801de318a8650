package dev.crossrole.cli.internal;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds a command as a shell does before running it, so that {@code crossrole exec} fails the way a
 * shell would: 127 when there is no such command, 126 when there is one that cannot be run.
 */
public final class CommandLookup {
  /** A shell's exit code for a command that is not found. */
  public static final int NOT_FOUND = 127;

  /** A shell's exit code for a command that is found but cannot be run. */
  public static final int NOT_EXECUTABLE = 126;

  /** Why the command cannot be run, with the shell's exit code. */
  public record Refusal(int exitCode, String reason) {}

  private CommandLookup() {}

  /**
   * Empty when {@code command} names an executable file, directly when it contains a slash or else
   * in a directory of {@code path} (a {@code PATH} value); otherwise why not.
   */
  public static Optional<Refusal> check(String command, String path) {
    if (command.contains("/")) {
      return checkFile(Path.of(command));
    }
    boolean foundUnexecutable = false;
    for (String directory : path.split(File.pathSeparator, -1)) {
      Path candidate = Path.of(directory.isEmpty() ? "." : directory).resolve(command);
      if (Files.isRegularFile(candidate)) {
        if (Files.isExecutable(candidate)) {
          return Optional.empty();
        }
        foundUnexecutable = true;
      }
    }
    return Optional.of(
        foundUnexecutable
            ? new Refusal(NOT_EXECUTABLE, "Permission denied")
            : new Refusal(NOT_FOUND, "command not found"));
  }

  private static Optional<Refusal> checkFile(Path file) {
    if (!Files.exists(file)) {
      return Optional.of(new Refusal(NOT_FOUND, "No such file or directory"));
    }
    if (Files.isDirectory(file)) {
      return Optional.of(new Refusal(NOT_EXECUTABLE, "Is a directory"));
    }
    if (!Files.isExecutable(file)) {
      return Optional.of(new Refusal(NOT_EXECUTABLE, "Permission denied"));
    }
    return Optional.empty();
  }
}
