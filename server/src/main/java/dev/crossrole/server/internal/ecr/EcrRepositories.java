package dev.crossrole.server.internal.ecr;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crossrole.core.Authorizer;
import dev.crossrole.core.EcrRepository;
import dev.crossrole.core.IdentityStore;
import dev.crossrole.policy.Grammar;
import dev.crossrole.server.internal.authz.Access;
import dev.crossrole.server.internal.json.JsonCall;
import dev.crossrole.server.internal.json.JsonInput;
import dev.crossrole.server.internal.request.AwsException;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What ECR's calls share: repository names and registry ids as the model constrains them, the
 * repository document ECR returns, its URI in the registry, authorization of a call on a repository
 * with its policy as the resource policy, and ECR's errors for missing repositories.
 */
public final class EcrRepositories {
  /** ECR's repository name pattern, as botocore's model gives it. */
  static final Pattern NAME =
      Pattern.compile("[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(\\/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*");

  /**
   * The model's bound on a repository name, checked before {@link #NAME}: Java matches its repeated
   * groups by recursion, so an unbounded name would overflow the stack.
   */
  static final int MAX_NAME_LENGTH = 256;

  static final Pattern REGISTRY_ID = Pattern.compile("[0-9]{12}");
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** The name a repository policy is reported under in evaluations and messages. */
  static final String POLICY_NAME = "repository policy";

  private final IdentityStore store;
  private final Access access;
  private final Optional<URI> registry;
  private final String region;

  /**
   * Repositories of {@code region}, the server's: their ARNs, and so every decision on them, name
   * that region, never the one a request was signed for.
   */
  public EcrRepositories(
      IdentityStore store, Access access, Optional<URI> registry, String region) {
    this.store = store;
    this.access = access;
    this.registry = registry;
    this.region = region;
  }

  /** The region the repositories are in. */
  String region() {
    return region;
  }

  IdentityStore store() {
    return store;
  }

  /** The registry id a call names, or the caller's own account. */
  static String registryId(JsonCall call, JsonInput in) {
    return in.string("registryId")
        .map(id -> JsonInput.check("registryId", id, 12, 12, REGISTRY_ID))
        .orElse(call.caller().accountId());
  }

  static String name(JsonInput in) {
    return JsonInput.check(
        "repositoryName", in.requiredString("repositoryName"), 2, MAX_NAME_LENGTH, NAME);
  }

  String arn(String account, String name) {
    return "arn:aws:ecr:" + region + ":" + account + ":repository/" + name;
  }

  /** The registry's path of a repository, {@code ACCOUNT-ID/NAME}. */
  static String registryPath(String account, String name) {
    return account + "/" + name;
  }

  /**
   * {@code <registry-host:port>/<account-id>/<name>} when a registry runs; without one, the shape
   * of ECR's own URIs under {@code .localhost}, which names no real host.
   */
  String uri(String account, String region, String name) {
    return registry
        .map(r -> r.getAuthority() + "/" + account + "/" + name)
        .orElse(account + ".dkr.ecr." + region + ".localhost/" + name);
  }

  /** The registry's URL as GetAuthorizationToken's proxyEndpoint. */
  String proxyEndpoint(String account, String region) {
    return registry
        .map(r -> r.getScheme() + "://" + r.getAuthority())
        .orElse("https://" + account + ".dkr.ecr." + region + ".localhost");
  }

  /**
   * Requires that the caller may perform {@code action} on the repository, its policy (if it exists
   * and has one) evaluated as the resource policy; then returns the repository.
   *
   * @throws AwsException AccessDeniedException, then RepositoryNotFoundException
   */
  EcrRepository authorized(JsonCall call, String action, String account, String name) {
    Optional<EcrRepository> repository = store.repository(account, name);
    require(call, action, arn(account, name), repository, Map.of());
    return repository.orElseThrow(() -> notFound(account, name));
  }

  /** Requires {@code action} on {@code resource} with the repository's policy, if any. */
  void require(
      JsonCall call,
      String action,
      String resource,
      Optional<EcrRepository> repository,
      Map<String, List<String>> keys) {
    Optional<Access.Denial> denial = denial(call, action, resource, repository, keys);
    if (denial.isPresent()) {
      // ECR's AccessDeniedException carries AWS's text, without IAM's encoded message.
      throw AwsException.json("AccessDeniedException", denial.get().message());
    }
  }

  /**
   * Decides {@code action} on {@code resource} with the repository's policy, if any.
   *
   * @return the denial, empty when allowed
   */
  Optional<Access.Denial> denial(
      JsonCall call,
      String action,
      String resource,
      Optional<EcrRepository> repository,
      Map<String, List<String>> keys) {
    Optional<Authorizer.ResourcePolicy> policy =
        repository
            .flatMap(EcrRepository::policy)
            .map(p -> new Authorizer.ResourcePolicy(POLICY_NAME, p, Grammar.RESOURCE));
    return access.decide(call.requester(), action, resource, keys, policy);
  }

  static AwsException notFound(String account, String name) {
    return AwsException.json(
        "RepositoryNotFoundException",
        "The repository with name '"
            + name
            + "' does not exist in the registry with id '"
            + account
            + "'");
  }

  /** The Repository structure ECR returns. */
  ObjectNode describe(EcrRepository r, String region) {
    ObjectNode out = NODES.objectNode();
    out.put("repositoryArn", r.arn(region));
    out.put("registryId", r.accountId());
    out.put("repositoryName", r.name());
    out.put("repositoryUri", uri(r.accountId(), region, r.name()));
    out.put("createdAt", epochSeconds(r.created()));
    out.put("imageTagMutability", r.imageTagMutability());
    out.putObject("imageScanningConfiguration").put("scanOnPush", r.scanOnPush());
    ObjectNode encryption = out.putObject("encryptionConfiguration");
    encryption.put("encryptionType", r.encryptionType());
    r.kmsKey().ifPresent(k -> encryption.put("kmsKey", k));
    return out;
  }

  /** A timestamp as the JSON protocol writes it: epoch seconds, with milliseconds. */
  static BigDecimal epochSeconds(Instant t) {
    return BigDecimal.valueOf(t.toEpochMilli()).movePointLeft(3);
  }
}
