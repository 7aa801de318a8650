package dev.crossrole.cli.internal.demo;

/** The demo could not do what it set out to: a step's answer was wrong, a file not written. */
public final class DemoException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DemoException(String message) {
    super(message);
  }

  public DemoException(String message, Throwable cause) {
    super(message, cause);
  }
}
