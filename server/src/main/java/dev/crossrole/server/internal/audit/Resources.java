package dev.crossrole.server.internal.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The resources an event names, read from its parameters and response by member name: a role, a
 * user, a group, a managed policy, an access key (the one a call names or the one it issued), a
 * repository. LookupEvents finds events by them.
 */
final class Resources {
  /** A resource: its CloudTrail type and its name or ARN. */
  record Named(String type, String name) {}

  /** CloudTrail's resource type of each member that names a resource. */
  private static final Map<String, String> TYPES =
      Map.of(
          "roleArn", "AWS::IAM::Role",
          "roleName", "AWS::IAM::Role",
          "userName", "AWS::IAM::User",
          "groupName", "AWS::IAM::Group",
          "policyArn", "AWS::IAM::Policy",
          "accessKeyId", "AWS::IAM::AccessKey",
          "repositoryName", "AWS::ECR::Repository");

  /** Response members that hold an issued key: STS's credentials, IAM's new access key. */
  private static final List<String> ISSUED = List.of("credentials", "accessKey");

  private Resources() {}

  static List<Named> of(
      String service, Optional<ObjectNode> parameters, Optional<ObjectNode> response) {
    Set<Named> found = new LinkedHashSet<>();
    parameters.ifPresent(p -> collect(p, found, true));
    response.ifPresent(
        r ->
            ISSUED.forEach(
                member -> {
                  JsonNode key = r.path(member).path("accessKeyId");
                  if (key.isTextual()) {
                    found.add(new Named("AWS::IAM::AccessKey", key.asText()));
                  }
                }));
    return new ArrayList<>(found);
  }

  /** The members of {@code object} that name resources, and those of the objects in its lists. */
  private static void collect(ObjectNode object, Set<Named> found, boolean descend) {
    object
        .properties()
        .forEach(
            field -> {
              String type = TYPES.get(field.getKey());
              if (type != null && field.getValue().isTextual()) {
                found.add(new Named(type, field.getValue().asText()));
              } else if (descend && field.getValue() instanceof ArrayNode list) {
                list.forEach(
                    element -> {
                      if (element instanceof ObjectNode nested) {
                        collect(nested, found, false);
                      }
                    });
              }
            });
  }
}
