package dev.crossrole.server.internal.registry;

import dev.crossrole.server.internal.audit.ApiCall;
import dev.crossrole.server.internal.audit.AuditTrail;
import dev.crossrole.server.internal.audit.RegistryTokenCall;
import dev.crossrole.server.internal.request.AwsError;
import dev.crossrole.server.internal.request.Origin;
import dev.crossrole.server.internal.request.RequestBody;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.UrlEncoded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's token endpoint ({@value #PATH}), in front of the rest of the server: Docker's
 * token protocol ({@code GET} with Basic credentials, {@code service} and {@code scope} parameters)
 * and its OAuth2 form ({@code POST} with {@code grant_type=password}). The login is checked by the
 * {@link RegistryAuthorizer}; each {@code repository} scope gets the actions it grants, any other
 * scope none, decided in the request context an API call from the same client gets. Refusals are
 * 401s in the registry's error format, with a {@code WWW-Authenticate} challenge; nothing a client
 * sends ends as a 500, and no credential is logged.
 */
public final class TokenEndpoint extends Handler.Wrapper {
  /** The path of the endpoint on crossrole's port: the registry's {@code auth.token.realm}. */
  public static final String PATH = "/registry/token";

  private static final Logger LOG = LoggerFactory.getLogger(TokenEndpoint.class);
  private static final int MAX_FORM = 64 * 1024;
  private static final Set<String> ACTIONS = Set.of("pull", "push", "delete", "*");

  private final RegistryTokens tokens;
  private final RegistryAuthorizer authorizer;
  private final Clock clock;
  private final AuditTrail audit;
  private final String region;

  /**
   * The endpoint in front of {@code next}; each request whose login authenticates is answered once
   * {@code audit} has committed its event, an ECR event of {@code region}.
   */
  public TokenEndpoint(
      Handler next,
      RegistryTokens tokens,
      RegistryAuthorizer authorizer,
      Clock clock,
      AuditTrail audit,
      String region) {
    super(next);
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.region = Objects.requireNonNull(region, "region");
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    if (!PATH.equals(request.getHttpURI().getPath())) {
      return super.handle(request, response, callback);
    }
    if ("POST".equals(request.getMethod())) {
      // The form arrives as the client sends it; no worker waits for a silent client meanwhile.
      RequestBody.readThen(
          request,
          MAX_FORM,
          callback,
          (body, failure) ->
              respond(
                  request,
                  response,
                  callback,
                  failure == null ? new Form.Read(body) : new Form.Unread(failure)));
    } else {
      respond(request, response, callback, new Form.None());
    }
    return true;
  }

  /** What a request brought as its form: none (a GET), its bytes, or a failure to read them. */
  private sealed interface Form {
    record None() implements Form {}

    record Read(byte[] body) implements Form {}

    record Unread(Throwable failure) implements Form {}
  }

  private void respond(Request request, Response response, Callback callback, Form form) {
    try {
      answer(request, response, callback, form);
    } catch (TokenRefusal e) {
      refuse(response, callback, e);
    } catch (RuntimeException e) {
      // A defect of ours or of the authorizer: the class alone, since a message may quote input.
      LOG.warn("registry token request failed: {}", e.getClass().getName());
      refuse(response, callback, unavailable());
    }
  }

  private void answer(Request request, Response response, Callback callback, Form body) {
    Fields query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
    String username;
    String password;
    List<String> scopes = new ArrayList<>();
    String service;
    boolean oauth;
    switch (request.getMethod()) {
      case "GET" -> {
        String[] basic = basic(request.getHeaders().get(HttpHeader.AUTHORIZATION));
        username = basic[0];
        password = basic[1];
        for (String value : query.getValuesOrEmpty("scope")) {
          scopes.addAll(List.of(value.trim().split(" +")));
        }
        service = query.getValue("service");
        oauth = false;
      }
      case "POST" -> {
        Fields form = form(body);
        String grant = form.getValue("grant_type");
        if (!"password".equals(grant)) {
          throw new TokenRefusal(
              400, "UNSUPPORTED", "grant_type must be password, got " + grant, false);
        }
        username = required(form, "username");
        password = required(form, "password");
        String scope = form.getValue("scope");
        if (scope != null && !scope.isBlank()) {
          scopes.addAll(List.of(scope.trim().split(" +")));
        }
        service = form.getValue("service");
        oauth = true;
      }
      default -> throw new TokenRefusal(405, "UNSUPPORTED", "use GET or POST", false);
    }
    if (service != null && !service.equals(RegistryTokens.SERVICE)) {
      throw new TokenRefusal(
          400,
          "UNSUPPORTED",
          "this endpoint issues tokens for service " + RegistryTokens.SERVICE + " only",
          false);
    }
    RegistryLogin login;
    try {
      login = authorizer.authenticate(username, password, Origin.of(request));
    } catch (RegistryAuthException e) {
      throw new TokenRefusal(401, "UNAUTHORIZED", e.getMessage(), true);
    }
    Instant now = clock.instant();
    List<Asked> asked = new ArrayList<>(scopes.size());
    for (String text : scopes) {
      if (!text.isEmpty()) {
        asked.add(asked(text));
      }
    }
    ApiCall audited =
        ApiCall.builder(login.caller(), "ecr", RegistryTokenCall.EVENT_NAME)
            .parameters(
                RegistryTokenCall.parameters(
                    service == null ? RegistryTokens.SERVICE : service,
                    asked.stream().map(Asked::scope).toList()))
            .requestId(UUID.randomUUID().toString())
            .receivedAt(now)
            .sourceIp(login.origin().sourceIp())
            .userAgent(Optional.ofNullable(request.getHeaders().get(HttpHeader.USER_AGENT)))
            .region(region)
            .build();
    Runnable unavailable = () -> refuse(response, callback, unavailable());
    if (!login.expiresAt().isAfter(now)) {
      TokenRefusal expired = new TokenRefusal(401, "UNAUTHORIZED", "the login has expired", true);
      audit.answerAfter(
          audited.refused(new AwsError("ExpiredToken", 401, expired.getMessage())),
          () -> refuse(response, callback, expired),
          unavailable);
      return;
    }
    List<RegistryTokens.Access> access = new ArrayList<>(asked.size());
    for (Asked one : asked) {
      access.add(grant(login, one));
    }
    RegistryTokens.Issued issued =
        tokens.issue(login.caller().principal().arn(), access, login.expiresAt());
    String json =
        "{\"token\":\""
            + issued.token()
            + "\",\"access_token\":\""
            + issued.token()
            + "\",\"expires_in\":"
            + issued.expiresIn().toSeconds()
            + ",\"issued_at\":\""
            + DateTimeFormatter.ISO_INSTANT.format(issued.issuedAt())
            + "\""
            + (oauth ? ",\"scope\":\"" + jsonEscape(String.join(" ", scopes)) + "\"" : "")
            + "}";
    audit.answerAfter(
        outcome(audited, asked, access, issued),
        () -> {
          response.setStatus(200);
          response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
          response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
          Content.Sink.write(response, true, json, callback);
        },
        unavailable);
  }

  /**
   * The token request as the trail keeps it: what was granted and, when a repository action asked
   * for was not, an AccessDenied naming the actions refused.
   */
  private static ApiCall outcome(
      ApiCall call,
      List<Asked> asked,
      List<RegistryTokens.Access> access,
      RegistryTokens.Issued issued) {
    List<RegistryTokenCall.Scope> granted = new ArrayList<>(access.size());
    List<String> refused = new ArrayList<>();
    for (int i = 0; i < access.size(); i++) {
      RegistryTokens.Access given = access.get(i);
      granted.add(new RegistryTokenCall.Scope(given.type(), given.name(), given.actions()));
      for (String action : asked.get(i).scope().actions()) {
        if (asked.get(i).repository() && !given.actions().contains(action)) {
          refused.add(action + " on " + given.name());
        }
      }
    }
    ApiCall answered =
        call.answered(RegistryTokenCall.answer(granted, issued.expiresIn().toSeconds()));
    if (refused.isEmpty()) {
      return answered;
    }
    return answered.refused(
        new AwsError("AccessDenied", 403, "Not granted: " + String.join(", ", refused)));
  }

  private static TokenRefusal unavailable() {
    return new TokenRefusal(503, "UNAVAILABLE", "the token service cannot answer now", false);
  }

  /**
   * One scope asked for, read from {@code TYPE[(CLASS)]:NAME:ACTIONS}: the registry actions it
   * names, and whether it is a repository scope IAM decides (any other scope is granted nothing).
   */
  private record Asked(RegistryTokenCall.Scope scope, boolean repository) {}

  private static Asked asked(String scope) {
    int first = scope.indexOf(':');
    int last = scope.lastIndexOf(':');
    if (first <= 0 || last == first) {
      throw new TokenRefusal(400, "UNSUPPORTED", "invalid scope: " + scope, false);
    }
    String type = scope.substring(0, first);
    int paren = type.indexOf('(');
    if (paren > 0 && type.endsWith(")")) {
      type = type.substring(0, paren);
    }
    String name = scope.substring(first + 1, last);
    Set<String> requested = new LinkedHashSet<>();
    for (String action : scope.substring(last + 1).split(",")) {
      if (ACTIONS.contains(action)) {
        requested.add(action);
      }
    }
    boolean repository =
        "repository".equals(type) && !requested.isEmpty() && RepositoryPath.valid(name);
    return new Asked(new RegistryTokenCall.Scope(type, name, List.copyOf(requested)), repository);
  }

  /** The entry of the token's access list for one scope asked for. */
  private RegistryTokens.Access grant(RegistryLogin login, Asked asked) {
    RegistryTokenCall.Scope scope = asked.scope();
    if (!asked.repository()) {
      return new RegistryTokens.Access(scope.type(), scope.name(), List.of());
    }
    Set<String> granted = authorizer.granted(login, scope.name(), Set.copyOf(scope.actions()));
    List<String> actions = new ArrayList<>();
    for (String action : scope.actions()) {
      if (granted.contains(action)) {
        actions.add(action);
      }
    }
    return new RegistryTokens.Access(scope.type(), scope.name(), actions);
  }

  private static String[] basic(String header) {
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      throw new TokenRefusal(401, "UNAUTHORIZED", "authentication required", true);
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new TokenRefusal(401, "UNAUTHORIZED", "malformed Basic credentials", true);
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      throw new TokenRefusal(401, "UNAUTHORIZED", "malformed Basic credentials", true);
    }
    return new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
  }

  private static Fields form(Form form) {
    if (form instanceof Form.Unread unread) {
      throw refusal(unread.failure());
    }
    byte[] body = form instanceof Form.Read read ? read.body() : new byte[0];
    Fields fields = new Fields();
    try {
      UrlEncoded.decodeUtf8To(new String(body, StandardCharsets.UTF_8), fields);
    } catch (IllegalArgumentException e) {
      throw new TokenRefusal(400, "UNSUPPORTED", "malformed form", false);
    }
    return fields;
  }

  /** The refusal of a form the client did not send whole: too large, cut short, or too slow. */
  private static TokenRefusal refusal(Throwable failure) {
    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
    if (!(cause instanceof RequestBody.Failure unread)) {
      throw new IllegalStateException("reading the form failed", cause);
    }
    return switch (unread.problem()) {
      case TOO_LARGE -> new TokenRefusal(413, "UNSUPPORTED", "the form is too large", false);
      case INCOMPLETE -> new TokenRefusal(400, "UNSUPPORTED", unread.getMessage(), false);
      case TIMED_OUT -> new TokenRefusal(408, "UNSUPPORTED", unread.getMessage(), false);
    };
  }

  private static String required(Fields form, String name) {
    String value = form.getValue(name);
    if (value == null) {
      throw new TokenRefusal(
          400, "UNSUPPORTED", "missing form field " + name, name.equals("password"));
    }
    return value;
  }

  private static void refuse(Response response, Callback callback, TokenRefusal e) {
    response.setStatus(e.status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    if (e.challenge) {
      response
          .getHeaders()
          .put(HttpHeader.WWW_AUTHENTICATE, "Basic realm=\"crossrole registry token service\"");
    }
    String json =
        "{\"errors\":[{\"code\":\""
            + e.code
            + "\",\"message\":\""
            + jsonEscape(e.getMessage())
            + "\",\"detail\":null}]}";
    Content.Sink.write(response, true, json, callback);
  }

  static String jsonEscape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  /** A request the endpoint refuses: status, registry error code, whether to challenge. */
  private static final class TokenRefusal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;
    private final boolean challenge;

    TokenRefusal(int status, String code, String message, boolean challenge) {
      super(message, null, false, false);
      this.status = status;
      this.code = code;
      this.challenge = challenge;
    }
  }
}
