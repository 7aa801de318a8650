package dev.crossrole.server.internal.registry;

/** A registry login that is refused: unknown user, invalid, tampered or expired password. */
public final class RegistryAuthException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RegistryAuthException(String message) {
    super(message);
  }
}
