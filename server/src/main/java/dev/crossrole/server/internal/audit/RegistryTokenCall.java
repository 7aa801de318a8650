package dev.crossrole.server.internal.audit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The shape of a registry token request in the trail: an ECR event named {@value #EVENT_NAME} whose
 * parameters list each scope asked for (repository, actions) and whose response lists what was
 * granted, the token itself left out.
 */
public final class RegistryTokenCall {
  /** The event name of a registry token request. */
  public static final String EVENT_NAME = "GetRegistryToken";

  private RegistryTokenCall() {}

  /** One scope: a resource of the registry, and actions on it. */
  public record Scope(String type, String name, List<String> actions) {
    public Scope {
      actions = List.copyOf(actions);
    }
  }

  /** The parameters: the registry service named, and the scopes asked for. */
  public static ApiCall.Parameters parameters(String service, List<Scope> asked) {
    ObjectNode document = JsonNodeFactory.instance.objectNode();
    document.put("service", service);
    document.set("scopes", scopes(asked));
    return new ApiCall.Parameters.Json(document);
  }

  /** The answer: the scopes granted, and how long the token lives. */
  public static ApiCall.Answer answer(List<Scope> granted, long expiresInSeconds) {
    ObjectNode document = JsonNodeFactory.instance.objectNode();
    document.set("access", scopes(granted));
    document.put("expiresIn", expiresInSeconds);
    return new ApiCall.Answer.Json(document);
  }

  /**
   * Scopes as the trail shows them: a repository {@code ACCOUNT/NAME} as ECR's registry id and
   * repository name, so that LookupEvents finds the event by the repository.
   */
  private static ArrayNode scopes(List<Scope> scopes) {
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    for (Scope scope : scopes) {
      ObjectNode entry = out.addObject().put("type", scope.type());
      int slash = scope.name().indexOf('/');
      if (scope.type().equals("repository") && slash > 0) {
        entry.put("registryId", scope.name().substring(0, slash));
        entry.put("repositoryName", scope.name().substring(slash + 1));
      } else {
        entry.put("name", scope.name());
      }
      ArrayNode actions = entry.putArray("actions");
      scope.actions().forEach(actions::add);
    }
    return out;
  }
}
