package dev.crossrole.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Case lines of the seed story: a user of the BUILD account (222222222222) assumes our role
 * OURTHINGBUILDROLE (111111111111) whose trust policy demands the ExternalId some_key_build.
 */
final class SeedCase {
  static final String ROLE = "arn:aws:iam::111111111111:role/OURTHINGBUILDROLE";
  static final String BUILDER = "arn:aws:iam::222222222222:user/builder";
  static final String TRUST =
      """
      {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
       "Principal":{"AWS":"arn:aws:iam::222222222222:user/builder"},"Action":"sts:AssumeRole",
       "Condition":{"StringEquals":{"sts:ExternalId":"some_key_build"}}}]}""";
  static final String ASSUME =
      """
      {"Version":"2012-10-17","Statement":[{"Sid":"AssumeOurs","Effect":"Allow",
       "Action":"sts:AssumeRole","Resource":"arn:aws:iam::111111111111:role/OURTHINGBUILDROLE"}]}""";
  static final String DENY_ASSUME =
      """
      {"Version":"2012-10-17","Statement":[{"Sid":"NoRoleHopping","Effect":"Deny",
       "Action":"sts:AssumeRole","Resource":"*"}]}""";
  static final String ECR_ONLY =
      """
      {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ecr:*","Resource":"*"}]}""";
  static final String MALFORMED =
      """
      {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Actio":"sts:AssumeRole",
       "Resource":"*"}]}""";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ObjectNode line = JSON.createObjectNode();
  private final ObjectNode request;

  private SeedCase(String id) {
    line.put("id", id);
    request = line.putObject("request");
    request.put("principal", BUILDER);
    request.put("action", "sts:AssumeRole");
    request.put("resource", ROLE);
    request.putObject("context");
  }

  /** The builder assuming our role with the ExternalId {@code some_key_build}, allowed. */
  static SeedCase assumeRole(String id) {
    return new SeedCase(id)
        .externalId("some_key_build")
        .identityPolicy(ASSUME)
        .resourcePolicy(TRUST);
  }

  SeedCase externalId(String externalId) {
    ObjectNode context = (ObjectNode) request.get("context");
    if (externalId == null) {
      context.remove("sts:ExternalId");
    } else {
      context.put("sts:ExternalId", externalId);
    }
    return this;
  }

  SeedCase principal(String principal) {
    request.put("principal", principal);
    return this;
  }

  SeedCase action(String action) {
    request.put("action", action);
    return this;
  }

  SeedCase identityPolicy(String json) {
    ArrayNode policies =
        line.has("identityPolicies")
            ? (ArrayNode) line.get("identityPolicies")
            : line.putArray("identityPolicies");
    policies.add(tree(json));
    return this;
  }

  SeedCase resourcePolicy(String json) {
    line.set("resourcePolicy", tree(json));
    return this;
  }

  SeedCase permissionsBoundary(String json) {
    line.set("permissionsBoundary", tree(json));
    return this;
  }

  SeedCase sessionPolicy(String json) {
    line.set("sessionPolicy", tree(json));
    return this;
  }

  /** Sets {@code field} to any JSON, valid or not as a case. */
  SeedCase set(String field, String json) {
    line.set(field, tree(json));
    return this;
  }

  SeedCase remove(String field) {
    line.remove(field);
    return this;
  }

  /** The case as one compact JSON line. */
  @Override
  public String toString() {
    return line.toString();
  }

  static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
