package dev.crossrole.server.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crossrole.core.IdentityException;
import dev.crossrole.server.internal.query.QueryException;
import dev.crossrole.server.internal.query.QueryParameters;
import dev.crossrole.server.internal.query.XmlResponse;
import dev.crossrole.server.internal.sigv4.RequestHeaders;
import dev.crossrole.server.internal.sigv4.SigV4Verifier;
import dev.crossrole.server.internal.sigv4.SignatureException;
import dev.crossrole.server.internal.sigv4.SignedRequest;
import dev.crossrole.server.internal.sigv4.VerifiedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The one HTTP endpoint of every service: authenticates each request with SigV4, picks the service
 * from the credential scope, and answers in that service's protocol — including its errors, so that
 * a bad request never becomes a 500 or a stack trace.
 */
public final class HttpEdge extends Handler.Abstract {
  private static final Logger LOG = Logger.getLogger(HttpEdge.class.getName());

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
    if (target != null) {
      handleJson(request, response, callback, target, requestId, receivedAt);
      return true;
    }
    String namespace = StsService.NAMESPACE;
    try {
      byte[] body = body(request);
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
    } catch (SignatureException e) {
      sendError(
          response, callback, namespace, e.httpStatus(), e.awsCode(), e.getMessage(), requestId);
    } catch (QueryException e) {
      sendError(response, callback, namespace, e.status(), e.code(), e.getMessage(), requestId);
    } catch (IdentityException e) {
      sendError(
          response,
          callback,
          namespace,
          e.code().httpStatus(),
          e.code().awsCode(),
          e.getMessage(),
          requestId);
    } catch (RuntimeException | IOException e) {
      // A defect of ours: AWS's own words for it, and the detail in the log, not in the answer.
      LOG.log(Level.WARNING, "request " + requestId + " failed", e);
      sendError(
          response,
          callback,
          namespace,
          500,
          "InternalFailure",
          "The request processing has failed because of an unknown error, exception or failure.",
          requestId);
    }
    return true;
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
      String requestId,
      Instant receivedAt) {
    try {
      byte[] body = body(request);
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
    } catch (SignatureException e) {
      sendJsonError(
          response, callback, e.httpStatus(), jsonAuthCode(e.awsCode()), e.getMessage(), requestId);
    } catch (JsonException e) {
      sendJsonError(response, callback, e.status(), e.code(), e.getMessage(), requestId);
    } catch (QueryException e) {
      sendJsonError(
          response, callback, e.status(), e.code() + "Exception", e.getMessage(), requestId);
    } catch (IdentityException e) {
      // The store's refusals that a JSON service did not map itself (a value longer than its
      // column, the database gone): ECR's nearest errors, never a stack trace.
      int status = e.code().httpStatus();
      String code =
          switch (e.code()) {
            case ACCESS_DENIED -> "AccessDeniedException";
            case SERVICE_FAILURE -> "ServerException";
            default -> "InvalidParameterException";
          };
      sendJsonError(response, callback, status >= 500 ? 500 : 400, code, e.getMessage(), requestId);
    } catch (RuntimeException | IOException e) {
      LOG.log(Level.WARNING, "request " + requestId + " failed", e);
      sendJsonError(
          response,
          callback,
          500,
          "ServerException",
          "The request processing has failed because of an unknown error, exception or failure.",
          requestId);
    }
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

  /** Authentication's errors as the JSON protocol services name them. */
  private static String jsonAuthCode(String queryCode) {
    return switch (queryCode) {
      case "SignatureDoesNotMatch", "RequestExpired" -> "InvalidSignatureException";
      case "InvalidClientTokenId" -> "UnrecognizedClientException";
      default -> queryCode + "Exception";
    };
  }

  private static void sendJsonError(
      Response response,
      Callback callback,
      int status,
      String code,
      String message,
      String requestId) {
    ObjectNode error = JSON.createObjectNode();
    error.put("__type", code);
    error.put("message", message == null ? "" : message);
    String text;
    try {
      text = JSON.writeValueAsString(error);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an error document of two strings cannot fail", e);
    }
    response.getHeaders().put("x-amzn-ErrorType", code);
    send(response, callback, status, JSON_TYPE, text, requestId);
  }

  private static byte[] body(Request request) throws IOException {
    long declared = request.getLength();
    try (InputStream in = Content.Source.asInputStream(request)) {
      if (declared >= 0 && declared <= MAX_BODY) {
        // Jetty frames the body by its Content-Length: read exactly that into an array of that
        // size, rather than through readNBytes's 8 KB chunks, which cost more than most bodies.
        byte[] body = new byte[(int) declared];
        int read = in.readNBytes(body, 0, body.length);
        if (read < body.length) {
          throw new IOException("request body ended after " + read + " of " + declared + " bytes");
        }
        return body;
      }
      // Chunked, or declared too large: read past the limit before refusing, so that the client
      // is still sending when the answer comes rather than finding the connection closed.
      byte[] body = in.readNBytes(MAX_BODY + 1);
      if (body.length > MAX_BODY) {
        throw tooLarge();
      }
      return body;
    }
  }

  private static QueryException tooLarge() {
    return new QueryException(
        "RequestEntityTooLarge", 413, "Request body must be less than " + MAX_BODY + " bytes");
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
      Response response,
      Callback callback,
      String namespace,
      int status,
      String code,
      String message,
      String requestId) {
    String xml = XmlResponse.error(namespace, status < 500, code, message, requestId);
    send(response, callback, status, "text/xml", xml, requestId);
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
