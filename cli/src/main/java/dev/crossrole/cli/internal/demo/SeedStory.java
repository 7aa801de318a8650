package dev.crossrole.cli.internal.demo;

import dev.crossrole.client.ProfileCredentialSource;
import dev.crossrole.client.TemporaryCredentials;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * The seed story as steps: our account's role with the ExternalId trust and its permissions, the
 * build account's user allowed to assume it, the build assuming it both ways, logging in to the
 * registry and pushing, then what is refused, up to our side revoking the sessions it issued.
 *
 * <p>Steps hand what they make (keys, sessions, the registry password) to later steps through this
 * object's fields; the runner stops at the first step that fails, so no step reads a field an
 * earlier step did not set.
 */
public final class SeedStory {
  static final String ROLE_NAME = "OURTHINGBUILDROLE";
  static final String ROLE_ARN = "arn:aws:iam::" + DemoWorld.OURS.id() + ":role/" + ROLE_NAME;
  static final String USER_NAME = "builder";
  static final String USER_ARN = "arn:aws:iam::" + DemoWorld.BUILD.id() + ":user/" + USER_NAME;
  static final String EXTERNAL_ID = "some_key_build";
  static final String REPOSITORY = "ourthing/app";
  static final String OTHER_REPOSITORY = "ourthing/other";
  static final String TAG = "demo";
  static final String ROLE_PROFILE = "build-role";
  private static final String ASSUMED_ROLE_ARN =
      "arn:aws:sts::" + DemoWorld.OURS.id() + ":assumed-role/" + ROLE_NAME + "/";

  private final DemoWorld world;
  private final Clock clock;
  private final ImagePusher pusher;

  private AwsCredentials builderKeys;
  private AwsCredentials wayOne;
  private AwsCredentials wayTwo;
  private AwsCredentials afterRevocation;
  private String repositoryUri;
  private String otherRepositoryUri;
  private RegistryLogin login;
  private String pushedDigest;
  private Instant revokedBefore;

  /** The ECR password a login answered: the user name, the password and the registry. */
  private record RegistryLogin(String user, String password, String registry, Instant expires) {
    @Override
    public String toString() {
      return "RegistryLogin[user=" + user + ", registry=" + registry + ", expires=" + expires + "]";
    }
  }

  public SeedStory(DemoWorld world, Clock clock) {
    this.world = Objects.requireNonNull(world, "world");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.pusher = new ImagePusher(world.root());
  }

  /**
   * The story's parts in order; the registry's steps only when the server runs a registry. Writes
   * the policy documents the commands name into the demo's directory.
   */
  public List<Section> sections() {
    writePolicies();
    boolean registry = world.registryUrl().isPresent();
    List<Section> story = new ArrayList<>();
    story.add(buildCreatesTheUser());
    story.add(oursCreatesTheRole());
    story.add(buildLetsTheUserAssumeIt());
    story.add(wayOne());
    story.add(wayTwo());
    if (registry) {
      story.add(loginAndPush());
    }
    story.add(refusals(registry));
    story.add(revocation());
    return story;
  }

  // ---- the parts --------------------------------------------------------------------------------

  private Section buildCreatesTheUser() {
    return new Section(
        "BUILD's admin (account " + DemoWorld.BUILD.id() + ") creates the build server's user",
        List.of(
            Step.succeeds(
                "create the user " + USER_NAME + " (first: a trust policy names existing users)",
                "aws --profile build iam create-user --user-name " + USER_NAME,
                this::createUser)));
  }

  private Section oursCreatesTheRole() {
    return new Section(
        "OUR admin (account " + DemoWorld.OURS.id() + ") creates the role and the repositories",
        List.of(
            Step.succeeds(
                "create the role, trusting " + USER_NAME + " with ExternalId " + EXTERNAL_ID,
                "aws --profile ours iam create-role --role-name "
                    + ROLE_NAME
                    + " --assume-role-policy-document file://trust.json",
                this::createRole),
            Step.succeeds(
                "let the role log in to the registry",
                putRolePolicyCommand("ecr-login", "ecr-login.json"),
                () -> putRolePolicy("ecr-login", "ecr-login.json")),
            Step.succeeds(
                "let the role push to and pull from " + REPOSITORY + " only",
                putRolePolicyCommand("push-app", "push-app.json"),
                () -> putRolePolicy("push-app", "push-app.json")),
            Step.succeeds(
                "create the repository the build pushes to",
                "aws --profile ours ecr create-repository --repository-name " + REPOSITORY,
                () -> {
                  repositoryUri = createRepository(REPOSITORY);
                  return repositoryUri;
                }),
            Step.succeeds(
                "create another repository, which the role may not touch",
                "aws --profile ours ecr create-repository --repository-name " + OTHER_REPOSITORY,
                () -> {
                  otherRepositoryUri = createRepository(OTHER_REPOSITORY);
                  return otherRepositoryUri;
                })));
  }

  private Section buildLetsTheUserAssumeIt() {
    return new Section(
        "BUILD's admin lets the user assume the role and gives it keys",
        List.of(
            Step.succeeds(
                "allow " + USER_NAME + " sts:AssumeRole on the role",
                "aws --profile build iam put-user-policy --user-name "
                    + USER_NAME
                    + " --policy-name assume-ours --policy-document file://assume-ours.json",
                this::allowAssumeRole),
            Step.succeeds(
                "create " + USER_NAME + "'s access key (into profile " + USER_NAME + ")",
                "aws --profile build iam create-access-key --user-name " + USER_NAME,
                this::createAccessKey)));
  }

  private Section wayOne() {
    return new Section(
        "Way 1: the build server assumes the role with the ExternalId",
        List.of(
            Step.succeeds(
                "assume the role with " + USER_NAME + "'s keys",
                assumeRole("demo-way-1", EXTERNAL_ID),
                () -> {
                  AssumeRoleResponse r = assume("demo-way-1", EXTERNAL_ID);
                  wayOne = session(r.credentials());
                  return describe(r);
                }),
            Step.succeeds(
                "call AWS with the temporary credentials",
                "aws sts get-caller-identity   # AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and"
                    + " AWS_SESSION_TOKEN from the step before",
                () -> callerIdentity(wayOne, "demo-way-1"))));
  }

  private Section wayTwo() {
    return new Section(
        "Way 2: a profile with role_arn, source_profile and external_id",
        List.of(
            Step.succeeds(
                "write the role's profile, as a build container's script does",
                "aws configure set role_arn "
                    + ROLE_ARN
                    + " --profile "
                    + ROLE_PROFILE
                    + " && aws configure set source_profile "
                    + USER_NAME
                    + " --profile "
                    + ROLE_PROFILE
                    + " && aws configure set external_id "
                    + EXTERNAL_ID
                    + " --profile "
                    + ROLE_PROFILE,
                this::writeRoleProfile),
            Step.succeeds(
                "call AWS through the profile (the SDK assumes the role)",
                "aws --profile " + ROLE_PROFILE + " sts get-caller-identity",
                () -> {
                  wayTwo = profileSession();
                  return callerIdentity(wayTwo, "demo-way-2");
                })));
  }

  private Section loginAndPush() {
    String registry = world.registryUrl().orElseThrow().getAuthority();
    return new Section(
        "The build logs in to the registry and pushes",
        List.of(
            Step.succeeds(
                "get a registry password with the role's session",
                "aws --profile "
                    + ROLE_PROFILE
                    + " ecr get-login-password | skopeo login --tls-verify=false -u AWS"
                    + " --password-stdin "
                    + registry,
                () -> {
                  login = login(wayTwo);
                  return "user "
                      + login.user()
                      + " for "
                      + login.registry()
                      + ", valid until "
                      + login.expires();
                }),
            Step.succeeds(
                "build a small image and push it to " + REPOSITORY,
                "skopeo copy --dest-tls-verify=false oci:demo-image docker://"
                    + repositoryUri(REPOSITORY, registry)
                    + ":"
                    + TAG,
                () -> {
                  String reference = repositoryUri + ":" + TAG;
                  pushedDigest = pusher.push(reference, login.user(), login.password());
                  return "pushed " + reference + ", " + pushedDigest;
                }),
            Step.succeeds(
                "OUR side sees the image",
                "aws --profile ours ecr describe-images --repository-name " + REPOSITORY,
                this::seeImage)));
  }

  private Section refusals(boolean registry) {
    List<Step> steps = new ArrayList<>();
    steps.add(
        Step.refused(
            "assume the role with a guessed ExternalId",
            assumeRole("demo-guess", "guessed"),
            "AccessDenied",
            () -> describe(assume("demo-guess", "guessed"))));
    steps.add(
        Step.refused(
            "read our repository with " + USER_NAME + "'s own keys, not the role",
            "aws --profile "
                + USER_NAME
                + " ecr describe-images --registry-id "
                + DemoWorld.OURS.id()
                + " --repository-name "
                + REPOSITORY,
            "AccessDeniedException",
            () -> {
              world
                  .ecr(builderKeys)
                  .describeImages(
                      r -> r.registryId(DemoWorld.OURS.id()).repositoryName(REPOSITORY));
              return "read " + REPOSITORY;
            }));
    if (registry) {
      String host = world.registryUrl().orElseThrow().getAuthority();
      steps.add(
          Step.refused(
              "push to " + OTHER_REPOSITORY + ", which the role may not touch",
              "skopeo copy --dest-tls-verify=false oci:demo-image docker://"
                  + repositoryUri(OTHER_REPOSITORY, host)
                  + ":"
                  + TAG,
              "UNAUTHORIZED",
              () -> {
                String reference = otherRepositoryUri + ":" + TAG;
                return "pushed "
                    + reference
                    + ", "
                    + pusher.push(reference, login.user(), login.password());
              }));
      steps.add(
          Step.succeeds(
              "OUR side sees that nothing reached " + OTHER_REPOSITORY,
              "aws --profile ours ecr describe-images --repository-name " + OTHER_REPOSITORY,
              this::seeNothingInOther));
    }
    return new Section("What is refused", steps);
  }

  private Section revocation() {
    return new Section(
        "OUR side revokes the sessions issued so far, without BUILD's help",
        List.of(
            Step.succeeds(
                "deny everything to sessions issued before now",
                putRolePolicyCommand("AWSRevokeOlderSessions", "revoke-older-sessions.json"),
                this::revokeOlderSessions),
            Step.refused(
                "log in to the registry with the way-1 session, issued before",
                "aws ecr get-login-password   # with the way-1 session's credentials",
                "AccessDeniedException",
                () -> describe(login(wayOne))),
            Step.succeeds(
                "assume the role again: a new session",
                assumeRole("demo-after-revocation", EXTERNAL_ID),
                () -> {
                  awaitRevocationTime();
                  AssumeRoleResponse r = assume("demo-after-revocation", EXTERNAL_ID);
                  afterRevocation = session(r.credentials());
                  return describe(r);
                }),
            Step.succeeds(
                "log in to the registry with the new session",
                "aws ecr get-login-password   # with the new session's credentials",
                () -> describe(login(afterRevocation)))));
  }

  // ---- the actions ------------------------------------------------------------------------------

  private String createUser() {
    return world.adminIam(DemoWorld.BUILD).createUser(r -> r.userName(USER_NAME)).user().arn();
  }

  private String createRole() {
    String arn =
        world
            .adminIam(DemoWorld.OURS)
            .createRole(r -> r.roleName(ROLE_NAME).assumeRolePolicyDocument(policy("trust.json")))
            .role()
            .arn();
    return arn + ", trusting " + USER_ARN + " with sts:ExternalId " + EXTERNAL_ID;
  }

  private String putRolePolicy(String name, String file) {
    String document = policy(file);
    world
        .adminIam(DemoWorld.OURS)
        .putRolePolicy(r -> r.roleName(ROLE_NAME).policyName(name).policyDocument(document));
    return "inline policy " + name + " on " + ROLE_NAME;
  }

  private String createRepository(String name) {
    return world
        .adminEcr(DemoWorld.OURS)
        .createRepository(r -> r.repositoryName(name))
        .repository()
        .repositoryUri();
  }

  private String allowAssumeRole() {
    world
        .adminIam(DemoWorld.BUILD)
        .putUserPolicy(
            r ->
                r.userName(USER_NAME)
                    .policyName("assume-ours")
                    .policyDocument(policy("assume-ours.json")));
    return USER_NAME + " may call sts:AssumeRole on " + ROLE_ARN;
  }

  private String createAccessKey() {
    AccessKey key =
        world.adminIam(DemoWorld.BUILD).createAccessKey(r -> r.userName(USER_NAME)).accessKey();
    builderKeys = AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey());
    world.profiles().keys(USER_NAME, key.accessKeyId(), key.secretAccessKey());
    world.profiles().settings(USER_NAME, world.endpointSettings());
    return key.accessKeyId() + ", into profile " + USER_NAME + " of " + world.credentialsFile();
  }

  private AssumeRoleResponse assume(String sessionName, String externalId) {
    return world
        .sts(builderKeys)
        .assumeRole(r -> r.roleArn(ROLE_ARN).roleSessionName(sessionName).externalId(externalId));
  }

  private String callerIdentity(AwsCredentials credentials, String sessionName) {
    String arn = world.sts(credentials).getCallerIdentity().arn();
    if (!arn.equals(ASSUMED_ROLE_ARN + sessionName)) {
      throw new DemoException("expected the role's session " + sessionName + ", got " + arn);
    }
    return arn;
  }

  private String writeRoleProfile() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("role_arn", ROLE_ARN);
    settings.put("source_profile", USER_NAME);
    settings.put("external_id", EXTERNAL_ID);
    settings.put("role_session_name", "demo-way-2");
    settings.putAll(world.endpointSettings());
    world.profiles().settings(ROLE_PROFILE, settings);
    return "profile " + ROLE_PROFILE + " in " + world.configFile();
  }

  /**
   * The session the build side's profile source assumes from the role profile, at the profile's own
   * endpoint, as the AWS CLI does (the SDK's profile provider would ask AWS's STS).
   */
  private AwsCredentials profileSession() {
    Map<String, String> environment =
        Map.of(
            "AWS_CONFIG_FILE", world.configFile().toString(),
            "AWS_SHARED_CREDENTIALS_FILE", world.credentialsFile().toString(),
            "HOME", world.root().toString());
    TemporaryCredentials session =
        ProfileCredentialSource.builder(ROLE_PROFILE)
            .environment(environment)
            .clock(clock)
            .build()
            .credentials();
    return AwsSessionCredentials.create(
        session.accessKeyId(), session.secretAccessKey(), session.sessionToken());
  }

  private RegistryLogin login(AwsCredentials credentials) {
    AuthorizationData data =
        world.ecr(credentials).getAuthorizationToken().authorizationData().get(0);
    String token =
        new String(Base64.getDecoder().decode(data.authorizationToken()), StandardCharsets.UTF_8);
    int colon = token.indexOf(':');
    if (colon < 0) {
      throw new DemoException("the authorization token is not USER:PASSWORD");
    }
    return new RegistryLogin(
        token.substring(0, colon),
        token.substring(colon + 1),
        URI.create(data.proxyEndpoint()).getAuthority(),
        data.expiresAt());
  }

  private String seeImage() {
    List<ImageDetail> images = imagesIn(REPOSITORY);
    return images.stream()
        .filter(i -> i.imageDigest().equals(pushedDigest) && i.imageTags().contains(TAG))
        .findFirst()
        .map(
            i ->
                REPOSITORY + ":" + TAG + " is " + i.imageDigest() + ", pushed " + i.imagePushedAt())
        .orElseThrow(
            () ->
                new DemoException(
                    "the repository does not list " + TAG + " as " + pushedDigest + ": " + images));
  }

  private String seeNothingInOther() {
    List<ImageDetail> images = imagesIn(OTHER_REPOSITORY);
    if (!images.isEmpty()) {
      throw new DemoException(OTHER_REPOSITORY + " holds images after the refused push: " + images);
    }
    return OTHER_REPOSITORY + " holds no image";
  }

  /** The images of one of our repositories, as OUR admin lists them. */
  private List<ImageDetail> imagesIn(String repository) {
    return world
        .adminEcr(DemoWorld.OURS)
        .describeImages(r -> r.repositoryName(repository))
        .imageDetails();
  }

  /**
   * Writes AWS's revocation policy. Session issue times have whole seconds, so "now" is rounded up
   * to the next second: every session issued so far is before it.
   */
  private String revokeOlderSessions() {
    revokedBefore = clock.instant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    writePolicy("revoke-older-sessions.json", Policies.revokeOlderSessions(revokedBefore));
    putRolePolicy("AWSRevokeOlderSessions", "revoke-older-sessions.json");
    return "sessions of "
        + ROLE_NAME
        + " issued before "
        + revokedBefore
        + " are denied everything";
  }

  /**
   * Waits for the revocation time to pass (under a second), so that the new session's whole-second
   * issue time is not before it.
   */
  private void awaitRevocationTime() {
    Duration left = Duration.between(clock.instant(), revokedBefore);
    if (left.isNegative() || left.isZero()) {
      return;
    }
    try {
      Thread.sleep(left.toMillis() + 1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DemoException("interrupted while waiting for the revocation time to pass", e);
    }
  }

  // ---- the words --------------------------------------------------------------------------------

  private static String assumeRole(String sessionName, String externalId) {
    return "aws --profile "
        + USER_NAME
        + " sts assume-role --role-arn "
        + ROLE_ARN
        + " --role-session-name "
        + sessionName
        + " --external-id "
        + externalId;
  }

  private static String putRolePolicyCommand(String name, String file) {
    return "aws --profile ours iam put-role-policy --role-name "
        + ROLE_NAME
        + " --policy-name "
        + name
        + " --policy-document file://"
        + file;
  }

  private static String describe(AssumeRoleResponse r) {
    return r.credentials().accessKeyId()
        + " for "
        + r.assumedRoleUser().arn()
        + ", until "
        + r.credentials().expiration();
  }

  private static String describe(RegistryLogin login) {
    return "a registry password for " + login.registry() + ", valid until " + login.expires();
  }

  private static AwsCredentials session(Credentials c) {
    return AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken());
  }

  private static String repositoryArn(String name) {
    return "arn:aws:ecr:" + DemoWorld.REGION + ":" + DemoWorld.OURS.id() + ":repository/" + name;
  }

  private static String repositoryUri(String name, String registry) {
    return registry + "/" + DemoWorld.OURS.id() + "/" + name;
  }

  // ---- the files --------------------------------------------------------------------------------

  private void writePolicies() {
    writePolicy("trust.json", Policies.trust(USER_ARN, EXTERNAL_ID));
    writePolicy("ecr-login.json", Policies.ecrLogin());
    writePolicy("push-app.json", Policies.pushAndPull(repositoryArn(REPOSITORY)));
    writePolicy("assume-ours.json", Policies.mayAssume(ROLE_ARN));
  }

  private void writePolicy(String name, String document) {
    try {
      Files.writeString(world.root().resolve(name), document);
    } catch (IOException e) {
      throw new DemoException("cannot write " + name + ": " + e.getMessage(), e);
    }
  }

  private String policy(String name) {
    Path file = world.root().resolve(name);
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new DemoException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
