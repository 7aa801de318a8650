package dev.crossrole.server.internal.edge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crossrole.server.internal.json.JsonCall;
import dev.crossrole.server.internal.json.JsonException;
import dev.crossrole.server.internal.json.JsonService;
import dev.crossrole.server.internal.query.QueryException;
import dev.crossrole.server.internal.query.QueryParameters;
import dev.crossrole.server.internal.query.QueryService;
import dev.crossrole.server.internal.query.ServiceCall;
import dev.crossrole.server.internal.query.XmlResponse;
import dev.crossrole.server.internal.sigv4.RequestHeaders;
import dev.crossrole.server.internal.sigv4.SigV4Verifier;
import dev.crossrole.server.internal.sigv4.SignedRequest;
import dev.crossrole.server.internal.sigv4.VerifiedRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP endpoint of every service: authenticates each request with SigV4, picks the service
 * from the credential scope, and answers in that service's protocol — including its errors, so that
 * a bad request never becomes a 500 or a stack trace.
 */
public final class HttpEdge extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(HttpEdge.class);

  /** Query protocol bodies are small; IAM's largest policy URL-encodes well under this. */
  static final int MAX_BODY = 256 * 1024;

  private final SigV4Verifier<Caller> verifier;
  private final Map<String, QueryService> services;
  private final Map<String, JsonService> jsonServices;
  private final BooleanSupplier healthy;
  private final Clock clock;
  private final UsageLog usage;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String JSON_TYPE = "application/x-amz-json-1.1";

  /** An endpoint of Query protocol services only. */
  public HttpEdge(
      SigV4Verifier<Caller> verifier,
      Map<String, QueryService> services,
      BooleanSupplier healthy,
      Clock clock,
      UsageLog usage) {
    this(verifier, services, Map.of(), healthy, clock, usage);
  }

  /**
   * An endpoint of Query protocol services and JSON protocol services, each by the service name of
   * the credential scope; a request with an {@code X-Amz-Target} header speaks JSON.
   */
  public HttpEdge(
      SigV4Verifier<Caller> verifier,
      Map<String, QueryService> services,
      Map<String, JsonService> jsonServices,
      BooleanSupplier healthy,
      Clock clock,
      UsageLog usage) {
    this.usage = usage;
    this.verifier = verifier;
    this.services = Map.copyOf(services);
    this.jsonServices = Map.copyOf(jsonServices);
    this.healthy = healthy;
    this.clock = clock;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String requestId = UUID.randomUUID().toString();
    Instant receivedAt = clock.instant();
    String path = request.getHttpURI().getPath();
    if ("GET".equals(request.getMethod()) && "/health".equals(path)) {
      boolean ok = healthy.getAsBoolean();
      send(
          response,
          callback,
          ok ? 200 : 503,
          "application/json",
          ok ? "{\"status\":\"ok\"}" : "{\"status\":\"unavailable\"}",
          requestId);
      return true;
    }
    String target = request.getHeaders().get("X-Amz-Target");
    // The body arrives as the client sends it; no worker waits for a silent client meanwhile.
    RequestBody.readThen(
        request,
        MAX_BODY,
        callback,
        (body, failure) -> {
          if (target != null) {
            handleJson(request, response, callback, target, body, failure, requestId, receivedAt);
          } else {
            handleQuery(request, response, callback, body, failure, requestId, receivedAt);
          }
        });
    return true;
  }

  /** A Query protocol request (IAM, STS) whose body has been read, or failed to be. */
  private void handleQuery(
      Request request,
      Response response,
      Callback callback,
      byte[] body,
      Throwable failure,
      String requestId,
      Instant receivedAt) {
    String namespace = XmlResponse.STS_NAMESPACE;
    try {
      unread(failure);
      // A request without X-Amz-Target speaks the Query protocol: signed for one of its services.
      VerifiedRequest<Caller> verified =
          verifier.verify(signedRequest(request, body, receivedAt), services.keySet());
      QueryService service = services.get(verified.scope().service());
      namespace = service.namespace();
      Caller caller = verified.principal();
      if (caller.tokenIssuedAt().isEmpty()) {
        usage.keyUsed(
            caller.accessKeyId(),
            receivedAt,
            verified.scope().service(),
            verified.scope().region());
      }
      QueryParameters parameters =
          QueryParameters.of(new String(body, StandardCharsets.UTF_8), verified.query());
      ServiceCall call =
          new ServiceCall(
              verified.principal(),
              parameters.required("Action"),
              parameters,
              requestId,
              receivedAt,
              Request.getRemoteAddr(request),
              verified.scope().region());
      send(response, callback, 200, "text/xml", service.handle(call), requestId);
    } catch (RuntimeException e) {
      AwsError error = answerOf(e, requestId, AwsError::inQuery, AwsError.queryInternalFailure());
      sendError(response, callback, namespace, error, requestId);
    }
  }

  /**
   * A JSON 1.1 protocol request: the operation from {@code X-Amz-Target}, the input from the body,
   * and every error — authentication's included — as botocore reads JSON errors.
   */
  private void handleJson(
      Request request,
      Response response,
      Callback callback,
      String target,
      byte[] body,
      Throwable failure,
      String requestId,
      Instant receivedAt) {
    try {
      unread(failure);
      if (request.getHeaders().getValuesList("X-Amz-Target").size() > 1) {
        // Signed as one value joined with commas, which several headers could also be read as.
        throw JsonException.of("UnknownOperationException", "");
      }
      int dot = target.indexOf('.');
      // The target names its service: a scope naming another is refused as AWS refuses it.
      SignedRequest signed = signedRequest(request, body, receivedAt);
      VerifiedRequest<Caller> verified =
          jsonServiceOf(target)
              .map(named -> verifier.verify(signed, Set.of(named)))
              .orElseGet(() -> verifier.verify(signed));
      JsonService service = jsonServices.get(verified.scope().service());
      if (service == null || dot < 0 || !target.substring(0, dot).equals(service.targetPrefix())) {
        throw JsonException.of("UnknownOperationException", "");
      }
      Caller caller = verified.principal();
      if (caller.tokenIssuedAt().isEmpty()) {
        usage.keyUsed(
            caller.accessKeyId(),
            receivedAt,
            verified.scope().service(),
            verified.scope().region());
      }
      JsonCall call =
          new JsonCall(
              caller,
              target.substring(dot + 1),
              jsonInput(body),
              requestId,
              receivedAt,
              Request.getRemoteAddr(request),
              verified.scope().region());
      send(
          response,
          callback,
          200,
          JSON_TYPE,
          JSON.writeValueAsString(service.handle(call)),
          requestId);
    } catch (JsonProcessingException e) {
      LOG.warn("request {} failed", requestId, e);
      sendJsonError(response, callback, AwsError.jsonServerException(), requestId);
    } catch (RuntimeException e) {
      AwsError error = answerOf(e, requestId, AwsError::inJson, AwsError.jsonServerException());
      sendJsonError(response, callback, error, requestId);
    }
  }

  /** The AWS error {@code failure} is answered with, a defect of ours logged as one. */
  private static AwsError answerOf(
      RuntimeException failure,
      String requestId,
      Function<RuntimeException, Optional<AwsError>> protocol,
      AwsError internalFailure) {
    Optional<AwsError> error = protocol.apply(failure);
    if (error.isEmpty()) {
      LOG.warn("request {} failed", requestId, failure);
    }
    return error.orElse(internalFailure);
  }

  /** The name of the JSON service whose target prefix {@code target} starts with. */
  private Optional<String> jsonServiceOf(String target) {
    int dot = target.indexOf('.');
    if (dot < 0) {
      return Optional.empty();
    }
    String prefix = target.substring(0, dot);
    return jsonServices.entrySet().stream()
        .filter(e -> e.getValue().targetPrefix().equals(prefix))
        .map(Map.Entry::getKey)
        .findFirst();
  }

  /** The input document: a JSON object (an empty body reads as one without members). */
  private static ObjectNode jsonInput(byte[] body) {
    if (body.length == 0) {
      return JSON.createObjectNode();
    }
    JsonNode node;
    try {
      node = JSON.readTree(body);
    } catch (IOException e) {
      throw JsonException.of("SerializationException", "The request body is not valid JSON.");
    }
    if (node == null || !node.isObject()) {
      throw JsonException.of(
          "SerializationException", "Start of structure or map expected at the top level.");
    }
    return (ObjectNode) node;
  }

  private static void sendJsonError(
      Response response, Callback callback, AwsError error, String requestId) {
    ObjectNode document = JSON.createObjectNode();
    document.put("__type", error.code());
    document.put("message", error.message());
    String text;
    try {
      text = JSON.writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an error document of two strings cannot fail", e);
    }
    response.getHeaders().put("x-amzn-ErrorType", error.code());
    send(response, callback, error.status(), JSON_TYPE, text, requestId);
  }

  /**
   * Throws the AWS error for a body the client did not send whole: too large is
   * RequestEntityTooLarge (413), a body cut short IncompleteBody (400), a silent or too slow client
   * RequestTimeout (408).
   */
  private static void unread(Throwable failure) {
    if (failure == null) {
      return;
    }
    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
    if (!(cause instanceof RequestBody.Failure unread)) {
      throw new IllegalStateException("reading the request body failed", cause);
    }
    throw switch (unread.problem()) {
      case TOO_LARGE -> new QueryException("RequestEntityTooLarge", 413, unread.getMessage());
      case INCOMPLETE -> new QueryException("IncompleteBody", 400, unread.getMessage());
      case TIMED_OUT -> new QueryException("RequestTimeout", 408, unread.getMessage());
    };
  }

  private static SignedRequest signedRequest(Request request, byte[] body, Instant receivedAt) {
    RequestHeaders.Builder headers = RequestHeaders.builder();
    for (HttpField field : request.getHeaders()) {
      headers.add(field.getName(), field.getValue());
    }
    String query = request.getHttpURI().getQuery();
    return SignedRequest.builder()
        .method(request.getMethod())
        .rawPath(request.getHttpURI().getPath())
        .rawQuery(query == null ? "" : query)
        .headers(headers.build())
        .body(body)
        .receivedAt(receivedAt)
        .build();
  }

  private static void sendError(
      Response response, Callback callback, String namespace, AwsError error, String requestId) {
    String xml =
        XmlResponse.error(namespace, error.sender(), error.code(), error.message(), requestId);
    send(response, callback, error.status(), "text/xml", xml, requestId);
  }

  private static void send(
      Response response,
      Callback callback,
      int status,
      String type,
      String text,
      String requestId) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, type + "; charset=UTF-8");
    response.getHeaders().put("x-amzn-RequestId", requestId);
    Content.Sink.write(response, true, text, callback);
  }
}
