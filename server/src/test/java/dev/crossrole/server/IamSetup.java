package dev.crossrole.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;

/**
 * IAM set-up through the real AWS CLI as one profile of a {@link RunningServer}: the users, roles,
 * policies and keys a test creates before it acts. Every step must succeed; the calls chain, in the
 * order IAM needs them (a trust policy may name only users that exist).
 */
final class IamSetup {
  private final AwsCli aws;
  private final String profile;

  /** Steps run by {@code aws} as {@code profile} of the server's profile files. */
  IamSetup(AwsCli aws, String profile) {
    this.aws = aws;
    this.profile = profile;
  }

  IamSetup createUser(String userName) throws JsonProcessingException {
    iam("create-user", "--user-name", userName);
    return this;
  }

  IamSetup putUserPolicy(String userName, String policyName, String document)
      throws JsonProcessingException {
    return putPolicy("put-user-policy", "--user-name", userName, policyName, document);
  }

  /** Creates a role trusting as {@code trustPolicy} says, with any further {@code options}. */
  IamSetup createRole(String roleName, String trustPolicy, String... options)
      throws JsonProcessingException {
    iam(
        Stream.of(
                Stream.of("create-role", "--role-name", roleName),
                Arrays.stream(options),
                Stream.of("--assume-role-policy-document", trustPolicy))
            .flatMap(s -> s)
            .toArray(String[]::new));
    return this;
  }

  IamSetup putRolePolicy(String roleName, String policyName, String document)
      throws JsonProcessingException {
    return putPolicy("put-role-policy", "--role-name", roleName, policyName, document);
  }

  /** A new access key of the user, as the environment that makes the CLI sign with it. */
  Map<String, String> createAccessKey(String userName) throws JsonProcessingException {
    return AwsCli.keys(iam("create-access-key", "--user-name", userName).get("AccessKey"));
  }

  /** An inline policy of a user or role: {@code verb} with the holder named by {@code option}. */
  private IamSetup putPolicy(
      String verb, String option, String holderName, String policyName, String document)
      throws JsonProcessingException {
    iam(verb, option, holderName, "--policy-name", policyName, "--policy-document", document);
    return this;
  }

  private JsonNode iam(String... args) throws JsonProcessingException {
    String[] command = Stream.concat(Stream.of("iam"), Arrays.stream(args)).toArray(String[]::new);
    return aws.ok(AwsCli.prefixed("--profile", profile, command));
  }
}
