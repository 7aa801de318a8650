package dev.crossrole.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP/1.1 answer read off a plain socket, for requests no HTTP client would send (a body cut
 * short, a malformed request line, headers too large) or would send so slowly.
 *
 * @param headers by lower-case name
 */
record RawAnswer(int status, Map<String, String> headers, String body) {

  /** Sends {@code request} on a fresh connection and reads the answer. */
  static RawAnswer exchange(String host, int port, String request) throws IOException {
    try (Socket socket = new Socket(host, port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      return read(socket).orElseThrow(() -> new IOException("connection closed without an answer"));
    }
  }

  /**
   * Sends {@code request} on a fresh connection, then ends the sending side as a client that gives
   * up halfway through its body does, and reads the answer.
   */
  static RawAnswer exchangeHalfClosed(String host, int port, String request) throws IOException {
    try (Socket socket = new Socket(host, port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.shutdownOutput();
      return read(socket).orElseThrow(() -> new IOException("connection closed without an answer"));
    }
  }

  /**
   * The answer on {@code socket}, within its read timeout; empty when the server closed the
   * connection without one.
   */
  static Optional<RawAnswer> read(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    String statusLine = line(in);
    if (statusLine.isEmpty()) {
      return Optional.empty();
    }
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/") || !parts[1].matches("[0-9]{3}")) {
      // Shown escaped, so that a stray byte in an unexpected answer can be seen in the report.
      throw new IOException("not an HTTP status line: " + escaped(statusLine));
    }
    int status = Integer.parseInt(parts[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String header = line(in); !header.isEmpty(); header = line(in)) {
      int colon = header.indexOf(':');
      headers.put(
          header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          header.substring(colon + 1).trim());
    }
    String length = headers.get("content-length");
    byte[] body = length == null ? in.readAllBytes() : in.readNBytes(Integer.parseInt(length));
    return Optional.of(new RawAnswer(status, headers, new String(body, StandardCharsets.UTF_8)));
  }

  private static String escaped(String text) {
    StringBuilder out = new StringBuilder();
    for (char c : text.toCharArray()) {
      out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c));
    }
    return out.toString();
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
      if (b != '\r') {
        out.write(b);
      }
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }
}
