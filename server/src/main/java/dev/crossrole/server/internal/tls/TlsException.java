package dev.crossrole.server.internal.tls;

/** The TLS material cannot be read, checked or made; the message names the file, never a key. */
public final class TlsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  TlsException(String message) {
    super(message);
  }

  TlsException(String message, Throwable cause) {
    super(message, cause);
  }
}
