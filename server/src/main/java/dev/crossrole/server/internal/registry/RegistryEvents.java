package dev.crossrole.server.internal.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crossrole.server.internal.request.RequestBody;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a registry posts its notifications ({@value #PATH}, distribution's event envelope): the
 * registry crossrole runs, or one run elsewhere that {@code crossrole registry-config} configured.
 * Each manifest push is handed to a {@link PushLog} with the event's time, which is how ECR's
 * {@code imagePushedAt} is known. Only a request carrying the secret the registry was configured
 * with ({@code Authorization: Bearer SECRET}, compared in constant time) is read; blob pushes,
 * pulls and deletes are ignored. Answers carry no body.
 */
public final class RegistryEvents extends Handler.Wrapper {
  /** The path of the endpoint on crossrole's port. */
  public static final String PATH = "/registry/events";

  private static final Logger LOG = LoggerFactory.getLogger(RegistryEvents.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BODY = 1024 * 1024;
  private static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}");
  private static final Pattern PATH_NAME = Pattern.compile("[0-9]{12}/[a-z0-9][a-z0-9._/-]*");
  private static final Set<String> MANIFEST_TYPES =
      Set.of(
          "application/vnd.oci.image.manifest.v1+json",
          "application/vnd.oci.image.index.v1+json",
          "application/vnd.docker.distribution.manifest.v2+json",
          "application/vnd.docker.distribution.manifest.list.v2+json",
          "application/vnd.docker.distribution.manifest.v1+json",
          "application/vnd.docker.distribution.manifest.v1+prettyjws");

  /** Where pushes go: the store, keyed by the registry's path {@code ACCOUNT-ID/NAME}. */
  @FunctionalInterface
  public interface PushLog {
    /** Records that {@code digest} was pushed to {@code repository} at {@code at}. */
    void pushed(String repository, String digest, Instant at);
  }

  private final byte[] expected;
  private final PushLog log;
  private final Clock clock;

  /**
   * @param secret what the registry sends after {@code Bearer}; see {@link #newSecret}
   */
  public RegistryEvents(Handler next, String secret, PushLog log, Clock clock) {
    super(next);
    this.expected = ("Bearer " + secret).getBytes(StandardCharsets.US_ASCII);
    this.log = Objects.requireNonNull(log, "log");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Where a registry posts its events to the crossrole whose token endpoint is {@code realm}: the
   * same scheme, host and port, at {@value #PATH}.
   */
  public static URI besideRealm(URI realm) {
    return realm.resolve(PATH);
  }

  /** A fresh random secret, 256 bits in base64url. */
  public static String newSecret() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    if (!PATH.equals(request.getHttpURI().getPath())) {
      return super.handle(request, response, callback);
    }
    String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    if (!"POST".equals(request.getMethod())) {
      answer(response, callback, 405);
    } else if (authorization == null
        || !MessageDigest.isEqual(expected, authorization.getBytes(StandardCharsets.US_ASCII))) {
      answer(response, callback, 401);
    } else {
      // The events arrive as the registry sends them; no worker waits for a silent sender.
      RequestBody.readThen(
          request,
          MAX_BODY,
          callback,
          (body, failure) ->
              answer(response, callback, failure == null ? record(body) : unread(failure)));
    }
    return true;
  }

  private static void answer(Response response, Callback callback, int status) {
    response.setStatus(status);
    callback.succeeded();
  }

  /** 413 for a body too large, 408 for one sent too slowly, 400 for one cut short. */
  private static int unread(Throwable failure) {
    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
    if (!(cause instanceof RequestBody.Failure unread)) {
      return 400;
    }
    return switch (unread.problem()) {
      case TOO_LARGE -> 413;
      case TIMED_OUT -> 408;
      case INCOMPLETE -> 400;
    };
  }

  private int record(byte[] body) {
    JsonNode envelope;
    try {
      envelope = JSON.readTree(body);
    } catch (IOException e) {
      return 400;
    }
    if (envelope == null || !envelope.path("events").isArray()) {
      return 400;
    }
    try {
      for (JsonNode event : envelope.path("events")) {
        JsonNode target = event.path("target");
        String repository = target.path("repository").asText("");
        String digest = target.path("digest").asText("");
        if (event.path("action").asText("").equals("push")
            && MANIFEST_TYPES.contains(target.path("mediaType").asText(""))
            && PATH_NAME.matcher(repository).matches()
            && DIGEST.matcher(digest).matches()) {
          log.pushed(repository, digest, time(event.path("timestamp").asText("")));
        }
      }
    } catch (RuntimeException e) {
      // The store failed: the registry keeps the events and posts them again later.
      LOG.warn("registry push events not recorded: {}", e.getClass().getName());
      return 503;
    }
    return 200;
  }

  /** The event's time, or now when it has none crossrole can read. */
  private Instant time(String timestamp) {
    try {
      return OffsetDateTime.parse(timestamp).toInstant();
    } catch (DateTimeParseException e) {
      return clock.instant();
    }
  }

  @Override
  public String toString() {
    return "RegistryEvents[" + PATH + "]";
  }
}
