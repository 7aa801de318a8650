package dev.crossrole.server.internal.authz;

import dev.crossrole.server.internal.request.Caller;
import dev.crossrole.server.internal.request.Origin;
import java.time.Instant;
import java.util.Objects;

/**
 * What authorization needs of a request, whatever its protocol: who asks, when the request arrived
 * ({@code aws:CurrentTime}), from where ({@code aws:SourceIp}) and whether over TLS ({@code
 * aws:SecureTransport}).
 */
public record Requester(
    Caller caller, Instant receivedAt, String sourceIp, boolean secureTransport) {
  public Requester {
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(sourceIp, "sourceIp");
  }

  /** {@code caller}'s request received at {@code receivedAt} from {@code origin}. */
  public static Requester of(Caller caller, Instant receivedAt, Origin origin) {
    return new Requester(caller, receivedAt, origin.sourceIp(), origin.secureTransport());
  }
}
