package dev.crossrole.cli.internal.demo;

import java.util.Objects;

/**
 * A refusal that comes as no SDK exception: the registry's, with its own error code (such as {@code
 * DENIED}).
 */
public final class StepRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String code;

  public StepRefusedException(String code, String message, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  public String code() {
    return code;
  }
}
