package dev.crossrole.server.internal.registry;

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
import java.util.Set;
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
 * scope none. Refusals are 401s in the registry's error format, with a {@code WWW-Authenticate}
 * challenge; nothing a client sends ends as a 500, and no credential is logged.
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

  public TokenEndpoint(
      Handler next, RegistryTokens tokens, RegistryAuthorizer authorizer, Clock clock) {
    super(next);
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
    this.clock = Objects.requireNonNull(clock, "clock");
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
      refuse(
          response,
          callback,
          new TokenRefusal(503, "UNAVAILABLE", "the token service cannot answer now", false));
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
      login = authorizer.authenticate(username, password);
    } catch (RegistryAuthException e) {
      throw new TokenRefusal(401, "UNAUTHORIZED", e.getMessage(), true);
    }
    Instant now = clock.instant();
    if (!login.expiresAt().isAfter(now)) {
      throw new TokenRefusal(401, "UNAUTHORIZED", "the login has expired", true);
    }
    List<RegistryTokens.Access> access = new ArrayList<>(scopes.size());
    for (String text : scopes) {
      if (!text.isEmpty()) {
        access.add(grant(login, text));
      }
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
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    Content.Sink.write(response, true, json, callback);
  }

  /** The entry of the token's access list for one scope {@code TYPE[(CLASS)]:NAME:ACTIONS}. */
  private RegistryTokens.Access grant(RegistryLogin login, String scope) {
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
    if (!"repository".equals(type) || requested.isEmpty() || !RepositoryPath.valid(name)) {
      return new RegistryTokens.Access(type, name, List.of());
    }
    Set<String> granted = authorizer.granted(login, name, Set.copyOf(requested));
    List<String> actions = new ArrayList<>();
    for (String action : requested) {
      if (granted.contains(action)) {
        actions.add(action);
      }
    }
    return new RegistryTokens.Access(type, name, actions);
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
