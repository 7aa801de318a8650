package dev.crossrole.server.internal.request;

import java.util.Objects;
import org.eclipse.jetty.server.Request;

/**
 * Where a request came from, as this server's edge sees it: the client's address ({@code
 * aws:SourceIp}, the trail's {@code sourceIPAddress}) and whether it came over TLS ({@code
 * aws:SecureTransport}). The address is the connection's peer: no proxy header is believed, since
 * any client can send one.
 */
public record Origin(String sourceIp, boolean secureTransport) {
  public Origin {
    Objects.requireNonNull(sourceIp, "sourceIp");
  }

  /** The origin of {@code request}, for an API call and a registry token request alike. */
  public static Origin of(Request request) {
    return new Origin(Request.getRemoteAddr(request), request.isSecure());
  }
}
