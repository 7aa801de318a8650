package dev.crossrole.server.internal.sigv4;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Reads a raw HTTP/1.1 request as the SigV4 test suite writes it, into a {@link SignedRequest}.
 * Like an HTTP server that accepts obsolete line folding, a continuation line (starting with space
 * or tab) is joined to the previous header value with a space; the verifier collapses the rest.
 */
final class RawHttp {
  private RawHttp() {}

  static SignedRequest parse(String raw, Instant receivedAt) {
    String text = raw.replace("\r\n", "\n");
    int blank = text.indexOf("\n\n");
    String head = blank < 0 ? text : text.substring(0, blank);
    String body = blank < 0 ? "" : text.substring(blank + 2);
    String[] lines = head.split("\n", -1);
    String requestLine = lines[0];
    int firstSpace = requestLine.indexOf(' ');
    int lastSpace = requestLine.lastIndexOf(' ');
    if (firstSpace < 0 || lastSpace <= firstSpace) {
      throw new IllegalArgumentException("not a request line: " + requestLine);
    }
    SignedRequest.Builder builder =
        SignedRequest.builder()
            .method(requestLine.substring(0, firstSpace))
            .target(requestLine.substring(firstSpace + 1, lastSpace))
            .receivedAt(receivedAt)
            .body(body.getBytes(StandardCharsets.UTF_8));
    RequestHeaders.Builder headers = RequestHeaders.builder();
    String name = null;
    StringBuilder value = null;
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i];
      if (line.isEmpty()) {
        continue;
      }
      if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && name != null) {
        value.append(' ').append(line);
        continue;
      }
      if (name != null) {
        headers.add(name, value.toString());
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("not a header line: " + line);
      }
      name = line.substring(0, colon);
      value = new StringBuilder(line.substring(colon + 1));
    }
    if (name != null) {
      headers.add(name, value.toString());
    }
    return builder.headers(headers.build()).build();
  }
}
