package dev.crossrole.cli.internal;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Opens a file argument, where {@code -} names standard input. Text is read as UTF-8. */
public final class Inputs {
  private static final int BUFFER = 1 << 16;

  private Inputs() {}

  /** An input that cannot be opened; the message names it and says why, ready for stderr. */
  public static final class InputException extends Exception {
    private static final long serialVersionUID = 1L;

    InputException(String message) {
      super(message);
    }
  }

  /**
   * A reader of {@code name}, or of {@code stdin} when the name is {@code -}. Closing the reader
   * leaves standard input open.
   */
  public static BufferedReader reader(String name, InputStream stdin) throws InputException {
    return new BufferedReader(new InputStreamReader(open(name, stdin), StandardCharsets.UTF_8));
  }

  /** The whole text of {@code name}, or of {@code stdin} when the name is {@code -}. */
  public static String readAll(String name, InputStream stdin) throws InputException {
    try (InputStream in = open(name, stdin)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InputException(name + ": cannot read: " + e.getMessage());
    }
  }

  private static InputStream open(String name, InputStream stdin) throws InputException {
    if ("-".equals(name)) {
      return new FilterInputStream(stdin) {
        @Override
        public void close() {
          // standard input belongs to the process, not to this command
        }
      };
    }
    Path path;
    try {
      path = Path.of(name);
    } catch (InvalidPathException e) {
      throw new InputException(name + ": not a valid path");
    }
    if (Files.isDirectory(path)) {
      throw new InputException(name + ": is a directory");
    }
    try {
      return new BufferedInputStream(Files.newInputStream(path), BUFFER);
    } catch (NoSuchFileException e) {
      throw new InputException(name + ": no such file");
    } catch (AccessDeniedException e) {
      throw new InputException(name + ": permission denied");
    } catch (IOException e) {
      throw new InputException(name + ": cannot open: " + e.getMessage());
    }
  }
}
