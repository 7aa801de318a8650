package dev.crossrole.server.internal.ecr;

import static dev.crossrole.server.internal.ecr.EcrRepositories.NODES;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crossrole.core.EcrRepository;
import dev.crossrole.core.ErrorCode;
import dev.crossrole.core.IdentityException;
import dev.crossrole.core.crypto.RegistryPasswordCodec;
import dev.crossrole.policy.PolicyDocument;
import dev.crossrole.policy.PolicyKind;
import dev.crossrole.policy.PolicyValidationException;
import dev.crossrole.server.internal.authz.Tags;
import dev.crossrole.server.internal.json.JsonCall;
import dev.crossrole.server.internal.json.JsonInput;
import dev.crossrole.server.internal.json.JsonService;
import dev.crossrole.server.internal.registry.RegistryImages;
import dev.crossrole.server.internal.request.AwsException;
import dev.crossrole.server.internal.request.Caller;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Amazon ECR's API over the JSON 1.1 protocol: repositories, their policies and tags, the registry,
 * authorization tokens; the image calls are {@link EcrImages}'. Every call is authorized by IAM on
 * the repository's ARN (on {@code *} for GetAuthorizationToken and DescribeRegistry) with the
 * repository policy as the resource policy, so another account's principals need it to grant them.
 */
public final class EcrService implements JsonService {
  /** The target prefix of ECR's operations. */
  public static final String TARGET_PREFIX = "AmazonEC2ContainerRegistry_V20150921";

  /** How long an ECR password lives at most, as in ECR. */
  static final Duration PASSWORD_LIFETIME = Duration.ofHours(12);

  private static final Set<String> MUTABILITY = Set.of("MUTABLE", "IMMUTABLE");
  private static final Set<String> ENCRYPTION = Set.of("AES256", "KMS");
  private static final Pattern REPOSITORY_ARN =
      Pattern.compile("arn:aws:ecr:([a-z0-9-]+):(\\d{12}):repository/(.+)");
  private static final int DEFAULT_MAX_RESULTS = 100;
  private static final int MAX_TAGS = 50;

  private final EcrRepositories repositories;
  private final EcrImages images;
  private final RegistryPasswordCodec passwords;
  private final Optional<RegistryImages> registry;

  public EcrService(
      EcrRepositories repositories,
      RegistryPasswordCodec passwords,
      Optional<RegistryImages> registry,
      Clock clock) {
    this.repositories = repositories;
    this.passwords = passwords;
    this.registry = registry;
    this.images = new EcrImages(repositories, registry, repositories.store(), clock);
  }

  @Override
  public String targetPrefix() {
    return TARGET_PREFIX;
  }

  @Override
  public ObjectNode handle(JsonCall call) {
    JsonInput in = new JsonInput(call.input());
    return switch (call.operation()) {
      case "CreateRepository" -> createRepository(call, in);
      case "DescribeRepositories" -> describeRepositories(call, in);
      case "DeleteRepository" -> deleteRepository(call, in);
      case "SetRepositoryPolicy" -> setRepositoryPolicy(call, in);
      case "GetRepositoryPolicy" -> getRepositoryPolicy(call, in);
      case "DeleteRepositoryPolicy" -> deleteRepositoryPolicy(call, in);
      case "DescribeRegistry" -> describeRegistry(call);
      case "GetAuthorizationToken" -> getAuthorizationToken(call, in);
      case "TagResource" -> tagResource(call, in);
      case "UntagResource" -> untagResource(call, in);
      case "ListTagsForResource" -> listTagsForResource(call, in);
      case "DescribeImages" -> images.describeImages(call, in);
      case "ListImages" -> images.listImages(call, in);
      case "BatchGetImage" -> images.batchGetImage(call, in);
      case "BatchDeleteImage" -> images.batchDeleteImage(call, in);
      case "PutImage" -> images.putImage(call, in);
      default -> throw AwsException.json("UnknownOperationException", "");
    };
  }

  private ObjectNode createRepository(JsonCall call, JsonInput in) {
    String account = EcrRepositories.registryId(call, in);
    String name = EcrRepositories.name(in);
    Map<String, String> tags = tags(in, "tags");
    String mutability = in.string("imageTagMutability").orElse("MUTABLE");
    if (!MUTABILITY.contains(mutability)) {
      throw JsonInput.invalid(
          "imageTagMutability", "Member must satisfy enum value set: [MUTABLE, IMMUTABLE]");
    }
    boolean scanOnPush =
        in.object("imageScanningConfiguration")
            .flatMap(c -> new JsonInput(c).bool("scanOnPush"))
            .orElse(false);
    Optional<JsonInput> encryption = in.object("encryptionConfiguration").map(JsonInput::new);
    String encryptionType =
        encryption.map(e -> e.requiredString("encryptionType")).orElse("AES256");
    if (!ENCRYPTION.contains(encryptionType)) {
      throw JsonInput.invalid(
          "encryptionConfiguration.encryptionType",
          "Member must satisfy enum value set: [AES256, KMS]");
    }
    Optional<String> kmsKey =
        encryption.flatMap(e -> e.string("kmsKey")).map(k -> JsonInput.check("kmsKey", k, 1, 2048));
    if (kmsKey.isPresent() && !encryptionType.equals("KMS")) {
      throw AwsException.json(
          "InvalidParameterException",
          "Invalid parameter at 'encryptionConfiguration' failed to satisfy constraint: 'kmsKey"
              + " can only be specified when encryptionType is KMS'");
    }
    if (encryptionType.equals("KMS") && kmsKey.isEmpty()) {
      // ECR then uses the AWS managed key of ECR in the account.
      kmsKey =
          Optional.of("arn:aws:kms:" + repositories.region() + ":" + account + ":alias/aws/ecr");
    }
    Map<String, List<String>> keys = Tags.requestKeys(tags);
    String arn = repositories.arn(account, name);
    repositories.require(call, "ecr:CreateRepository", arn, Optional.empty(), keys);
    EcrRepository created =
        new EcrRepository(
            account,
            name,
            call.receivedAt(),
            mutability,
            scanOnPush,
            encryptionType,
            kmsKey,
            tags,
            Optional.empty());
    try {
      repositories.store().createRepository(created);
    } catch (IdentityException e) {
      if (e.code() == ErrorCode.ENTITY_ALREADY_EXISTS) {
        throw AwsException.json("RepositoryAlreadyExistsException", e.getMessage());
      }
      throw e;
    }
    ObjectNode out = NODES.objectNode();
    out.set("repository", repositories.describe(created, repositories.region()));
    return out;
  }

  private ObjectNode describeRepositories(JsonCall call, JsonInput in) {
    String account = EcrRepositories.registryId(call, in);
    Optional<List<String>> names = in.strings("repositoryNames");
    Optional<Integer> maxResults = in.integer("maxResults", 1, 1000);
    Optional<String> nextToken = in.string("nextToken");
    ObjectNode out = NODES.objectNode();
    ArrayNode list = out.putArray("repositories");
    if (names.isPresent()) {
      if (names.get().isEmpty() || names.get().size() > 100) {
        throw JsonInput.invalid(
            "repositoryNames", "Member must have length between 1 and 100, inclusive");
      }
      if (maxResults.isPresent() || nextToken.isPresent()) {
        throw AwsException.json(
            "InvalidParameterException",
            "Invalid parameter at 'maxResults' failed to satisfy constraint: 'maxResults and"
                + " nextToken cannot be used with repositoryNames'");
      }
      for (String name : names.get()) {
        JsonInput.check("repositoryNames", name, 2, 256, EcrRepositories.NAME);
        EcrRepository r = repositories.authorized(call, "ecr:DescribeRepositories", account, name);
        list.add(repositories.describe(r, repositories.region()));
      }
      return out;
    }
    repositories.require(
        call,
        "ecr:DescribeRepositories",
        repositories.arn(account, "*"),
        Optional.empty(),
        Map.of());
    List<EcrRepository> all = repositories.store().repositories(account);
    int max = maxResults.orElse(DEFAULT_MAX_RESULTS);
    String after = nextToken.map(EcrService::decodeToken).orElse("");
    int added = 0;
    for (EcrRepository r : all) {
      if (r.name().compareTo(after) <= 0) {
        continue;
      }
      if (added == max) {
        out.put("nextToken", encodeToken(list.get(added - 1).get("repositoryName").asText()));
        break;
      }
      list.add(repositories.describe(r, repositories.region()));
      added++;
    }
    return out;
  }

  static String encodeToken(String lastName) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("after:" + lastName).getBytes(StandardCharsets.UTF_8));
  }

  static String decodeToken(String token) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (text.startsWith("after:")) {
        return text.substring("after:".length());
      }
    } catch (IllegalArgumentException e) {
      // Falls through to the error below: a token we did not issue.
    }
    throw AwsException.json(
        "InvalidParameterException",
        "Invalid parameter at 'nextToken' failed to satisfy constraint: 'Invalid pagination"
            + " token'");
  }

  private ObjectNode deleteRepository(JsonCall call, JsonInput in) {
    String account = EcrRepositories.registryId(call, in);
    String name = EcrRepositories.name(in);
    boolean force = in.bool("force").orElse(false);
    EcrRepository r = repositories.authorized(call, "ecr:DeleteRepository", account, name);
    String path = EcrRepositories.registryPath(account, name);
    // Untagged images count too: the registry lists only tags, the store knows the other digests.
    List<RegistryImages.Image> held =
        registry.isPresent()
            ? registry.get().images(path, repositories.store().imagePushes(account, name).keySet())
            : List.of();
    if (!held.isEmpty()) {
      if (!force) {
        throw AwsException.json(
            "RepositoryNotEmptyException",
            "The repository with name '"
                + name
                + "' in registry with id '"
                + account
                + "' cannot be deleted because it still contains images");
      }
      registry.get().deleteRepository(path);
      for (RegistryImages.Image untagged : held) {
        if (untagged.tags().isEmpty()) {
          registry.get().deleteManifest(path, untagged.digest());
        }
      }
    }
    deleteStored(account, name);
    ObjectNode out = NODES.objectNode();
    out.set("repository", repositories.describe(r, repositories.region()));
    return out;
  }

  private void deleteStored(String account, String name) {
    try {
      repositories.store().deleteRepository(account, name);
    } catch (IdentityException e) {
      if (e.code() == ErrorCode.NO_SUCH_ENTITY) {
        throw EcrRepositories.notFound(account, name);
      }
      throw e;
    }
  }

  private ObjectNode setRepositoryPolicy(JsonCall call, JsonInput in) {
    String account = EcrRepositories.registryId(call, in);
    String name = EcrRepositories.name(in);
    String policy = in.requiredString("policyText");
    boolean force = in.bool("force").orElse(false);
    if (policy.length() > 10_240) {
      throw JsonInput.invalid("policyText", "must have length less than or equal to 10240");
    }
    EcrRepository r = repositories.authorized(call, "ecr:SetRepositoryPolicy", account, name);
    try {
      PolicyDocument.parse(policy, PolicyKind.RESOURCE);
    } catch (PolicyValidationException e) {
      throw AwsException.json(
          "InvalidParameterException",
          "Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid repository"
              + " policy provided: "
              + e.getMessage()
              + "'");
    }
    if (!force && locksOut(call, r.withPolicy(Optional.of(policy)))) {
      throw AwsException.json(
          "InvalidParameterException",
          "Invalid parameter at 'PolicyText' failed to satisfy constraint: 'The repository policy"
              + " would prevent you from setting another policy in the future; set force to"
              + " apply it anyway'");
    }
    update(r.withPolicy(Optional.of(policy)));
    return policyDocument(account, name, policy);
  }

  /**
   * Whether the caller could no longer set the repository's policy once {@code changed} holds the
   * new one: ECR then asks for {@code force}, against accidental lock-outs.
   */
  private boolean locksOut(JsonCall call, EcrRepository changed) {
    return repositories
        .denial(
            call,
            "ecr:SetRepositoryPolicy",
            changed.arn(repositories.region()),
            Optional.of(changed),
            Map.of())
        .isPresent();
  }

  private ObjectNode getRepositoryPolicy(JsonCall call, JsonInput in) {
    String account = EcrRepositories.registryId(call, in);
    String name = EcrRepositories.name(in);
    EcrRepository r = repositories.authorized(call, "ecr:GetRepositoryPolicy", account, name);
    return policyDocument(account, name, r.policy().orElseThrow(() -> noPolicy(account, name)));
  }

  private ObjectNode deleteRepositoryPolicy(JsonCall call, JsonInput in) {
    String account = EcrRepositories.registryId(call, in);
    String name = EcrRepositories.name(in);
    EcrRepository r = repositories.authorized(call, "ecr:DeleteRepositoryPolicy", account, name);
    String policy = r.policy().orElseThrow(() -> noPolicy(account, name));
    update(r.withPolicy(Optional.empty()));
    return policyDocument(account, name, policy);
  }

  private void update(EcrRepository r) {
    try {
      repositories.store().updateRepository(r);
    } catch (IdentityException e) {
      if (e.code() == ErrorCode.NO_SUCH_ENTITY) {
        throw EcrRepositories.notFound(r.accountId(), r.name());
      }
      throw e;
    }
  }

  private static AwsException noPolicy(String account, String name) {
    return AwsException.json(
        "RepositoryPolicyNotFoundException",
        "Repository policy does not exist for the repository with name '"
            + name
            + "' in the registry with id '"
            + account
            + "'");
  }

  private static ObjectNode policyDocument(String account, String name, String policy) {
    ObjectNode out = NODES.objectNode();
    out.put("registryId", account);
    out.put("repositoryName", name);
    out.put("policyText", policy);
    return out;
  }

  private ObjectNode describeRegistry(JsonCall call) {
    repositories.require(call, "ecr:DescribeRegistry", "*", Optional.empty(), Map.of());
    ObjectNode out = NODES.objectNode();
    out.put("registryId", call.caller().accountId());
    out.putObject("replicationConfiguration").putArray("rules");
    return out;
  }

  /**
   * One authorization data per registry asked for (the caller's own by default), all carrying the
   * same password: as in ECR, a token opens every registry its principal has access to.
   */
  private ObjectNode getAuthorizationToken(JsonCall call, JsonInput in) {
    List<String> registryIds = new ArrayList<>();
    for (String id : in.strings("registryIds").orElse(List.of())) {
      registryIds.add(JsonInput.check("registryIds", id, 12, 12, EcrRepositories.REGISTRY_ID));
    }
    if (registryIds.isEmpty()) {
      registryIds.add(call.caller().accountId());
    }
    repositories.require(call, "ecr:GetAuthorizationToken", "*", Optional.empty(), Map.of());
    Caller caller = call.caller();
    Instant expiresAt = call.receivedAt().plus(PASSWORD_LIFETIME);
    if (caller.sessionExpiresAt().isPresent()
        && caller.sessionExpiresAt().get().isBefore(expiresAt)) {
      expiresAt = caller.sessionExpiresAt().get();
    }
    String password =
        passwords.encode(EcrRegistryAuthorizer.password(caller, call.receivedAt(), expiresAt));
    String token =
        Base64.getEncoder().encodeToString(("AWS:" + password).getBytes(StandardCharsets.UTF_8));
    ObjectNode out = NODES.objectNode();
    ArrayNode data = out.putArray("authorizationData");
    for (String id : registryIds) {
      ObjectNode d = data.addObject();
      d.put("authorizationToken", token);
      d.put("expiresAt", EcrRepositories.epochSeconds(expiresAt));
      d.put("proxyEndpoint", repositories.proxyEndpoint(id, repositories.region()));
    }
    return out;
  }

  /** The repository a tagging call's {@code resourceArn} names, authorized for {@code action}. */
  private EcrRepository tagged(JsonCall call, JsonInput in, String action) {
    String arn = in.requiredString("resourceArn");
    Matcher m = REPOSITORY_ARN.matcher(arn);
    if (!m.matches()
        || m.group(3).length() > EcrRepositories.MAX_NAME_LENGTH
        || !EcrRepositories.NAME.matcher(m.group(3)).matches()) {
      throw AwsException.json(
          "InvalidParameterException",
          "Invalid parameter at 'resourceArn' failed to satisfy constraint: 'Invalid ARN'");
    }
    if (!m.group(1).equals(repositories.region())) {
      // A repository of another region, which this server does not hold: never the one of the
      // same name here, whose ARN, and so whose permissions, differ.
      throw EcrRepositories.notFound(m.group(2), m.group(3));
    }
    return repositories.authorized(call, action, m.group(2), m.group(3));
  }

  private ObjectNode tagResource(JsonCall call, JsonInput in) {
    Map<String, String> add = tags(in, "tags");
    EcrRepository r = tagged(call, in, "ecr:TagResource");
    Map<String, String> all = new LinkedHashMap<>(r.tags());
    all.putAll(add);
    if (all.size() > MAX_TAGS) {
      throw AwsException.json(
          "TooManyTagsException", "The repository can have at most " + MAX_TAGS + " tags");
    }
    update(r.withTags(all));
    return NODES.objectNode();
  }

  private ObjectNode untagResource(JsonCall call, JsonInput in) {
    List<String> keys =
        in.strings("tagKeys")
            .orElseThrow(() -> JsonInput.invalid("tagKeys", "Member must not be null"));
    EcrRepository r = tagged(call, in, "ecr:UntagResource");
    Map<String, String> rest = new LinkedHashMap<>(r.tags());
    keys.forEach(rest::remove);
    update(r.withTags(rest));
    return NODES.objectNode();
  }

  private ObjectNode listTagsForResource(JsonCall call, JsonInput in) {
    EcrRepository r = tagged(call, in, "ecr:ListTagsForResource");
    ObjectNode out = NODES.objectNode();
    ArrayNode list = out.putArray("tags");
    r.tags().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> list.addObject().put("Key", e.getKey()).put("Value", e.getValue()));
    return out;
  }

  /** A tag list ({@code [{"Key":…,"Value":…}]}) as a map; keys 1–128, values 0–256 characters. */
  private static Map<String, String> tags(JsonInput in, String member) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (JsonInput tag : in.objects(member).orElse(List.of())) {
      String key = tag.requiredString("Key");
      String value = tag.requiredString("Value");
      if (key.isEmpty() || key.length() > 128 || value.length() > 256 || key.startsWith("aws:")) {
        throw AwsException.json(
            "InvalidTagParameterException",
            "Invalid parameter at 'tags' failed to satisfy constraint: 'Tag keys must be 1-128"
                + " characters and not begin with aws:, tag values at most 256 characters'");
      }
      tags.put(key, value);
    }
    if (tags.size() > MAX_TAGS) {
      throw AwsException.json(
          "TooManyTagsException", "The repository can have at most " + MAX_TAGS + " tags");
    }
    return tags;
  }
}
