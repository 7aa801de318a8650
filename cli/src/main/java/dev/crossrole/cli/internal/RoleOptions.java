package dev.crossrole.cli.internal;

import dev.crossrole.client.AssumeRequest;
import dev.crossrole.client.CacheDirectory;
import dev.crossrole.client.Caching;
import dev.crossrole.client.ClientException;
import dev.crossrole.client.CredentialSource;
import dev.crossrole.client.RoleAssumer;
import dev.crossrole.client.TemporaryCredentials;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The role {@code assume} and {@code exec} hand out and how it is cached: way 1, {@code --role-arn}
 * with {@code --external-id} and the request's other parts, signed by the profile's credentials; or
 * way 2, without {@code --role-arn}, the role of the profile ({@code --profile} or {@code
 * AWS_PROFILE}) as its {@code role_arn}, {@code external_id}, {@code role_session_name} and {@code
 * duration_seconds} state it, the options given here replacing the profile's values.
 */
public final class RoleOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--role-arn",
      paramLabel = "ARN",
      description = "The role (way 1); without it, the role of --profile or AWS_PROFILE.")
  String roleArn;

  @Option(
      names = "--external-id",
      paramLabel = "ID",
      description = "The ExternalId the role's trust policy demands.")
  String externalId;

  @Option(
      names = "--session-name",
      paramLabel = "NAME",
      description = "The role session name (default: crossrole-USER-EPOCH).")
  String sessionName;

  @Option(
      names = "--duration",
      paramLabel = "D",
      converter = DurationConverter.class,
      description = "How long the credentials last: 3600, 15m, 1h, 12h (900 to 43200 s; 1h).")
  Duration duration;

  @Option(
      names = "--policy",
      paramLabel = "FILE",
      description = "A session policy (JSON) narrowing the role's permissions; - reads stdin.")
  String policyFile;

  @Option(names = "--tag", paramLabel = "K=V", description = "A session tag; repeat for more.")
  List<String> tags = new ArrayList<>();

  @Option(
      names = "--source-identity",
      paramLabel = "ID",
      description = "The source identity to stamp on the session.")
  String sourceIdentity;

  @Option(names = "--no-cache", description = "Assume the role even if cached credentials exist.")
  boolean noCache;

  @Option(
      names = "--refresh-window",
      paramLabel = "D",
      converter = DurationConverter.class,
      description =
          "Credentials expiring sooner than this are assumed again (default: assume 15m, exec 20m;"
              + " at most half the duration).")
  Duration refreshWindow;

  /**
   * Checks that a role is named: {@code --role-arn}, or a profile whose role is meant.
   *
   * @throws ParameterException when neither is
   */
  public void requireRole(ClientOptions client, Map<String, String> environment) {
    if (roleArn == null && !client.namesProfile(environment)) {
      throw new ParameterException(
          spec.commandLine(),
          "Name the role: --role-arn ARN (with --external-id ID), or --profile P (or AWS_PROFILE)"
              + " for a profile with role_arn");
    }
  }

  /**
   * How the credentials are cached: under the cache root unless {@code --no-cache}, refreshed
   * inside {@code --refresh-window}, else {@code defaultWindow}.
   */
  public Caching caching(Map<String, String> environment, Path home, Duration defaultWindow) {
    Duration window = Optional.ofNullable(refreshWindow).orElse(defaultWindow);
    if (window.isNegative()) {
      throw new ParameterException(spec.commandLine(), "--refresh-window cannot be negative");
    }
    return noCache
        ? Caching.off(window)
        : Caching.onDisk(CacheDirectory.root(environment, home), window);
  }

  /** The credentials, once: way 1's role, or the profile's. */
  public TemporaryCredentials assume(RoleAssumer assumer, InputStream stdin) {
    if (roleArn != null) {
      return assumer.assume(request(AssumeRequest.builder(roleArn), stdin));
    }
    return assumer.assumeForProfile(request(fromProfile(assumer.profileRole()), stdin));
  }

  /** The credentials, renewed inside the refresh window: way 1's role, or the profile's. */
  public CredentialSource source(RoleAssumer assumer, InputStream stdin) {
    if (roleArn != null) {
      return assumer.source(request(AssumeRequest.builder(roleArn), stdin));
    }
    return assumer.profileSource(request(fromProfile(assumer.profileRole()), stdin));
  }

  private static AssumeRequest.Builder fromProfile(AssumeRequest role) {
    AssumeRequest.Builder request = AssumeRequest.builder(role.roleArn()).duration(role.duration());
    role.externalId().ifPresent(request::externalId);
    role.sessionName().ifPresent(request::sessionName);
    return request;
  }

  private AssumeRequest request(AssumeRequest.Builder request, InputStream stdin) {
    Optional.ofNullable(duration).ifPresent(request::duration);
    Optional.ofNullable(externalId).ifPresent(request::externalId);
    Optional.ofNullable(sessionName).ifPresent(request::sessionName);
    Optional.ofNullable(sourceIdentity).ifPresent(request::sourceIdentity);
    if (policyFile != null) {
      try {
        request.sessionPolicy(Inputs.readAll(policyFile, stdin));
      } catch (Inputs.InputException e) {
        throw new ParameterException(spec.commandLine(), "--policy " + e.getMessage());
      }
    }
    for (String tag : tags) {
      int eq = tag.indexOf('=');
      if (eq <= 0) {
        throw new ParameterException(spec.commandLine(), "--tag must be K=V, not '" + tag + "'");
      }
      request.tag(tag.substring(0, eq), tag.substring(eq + 1));
    }
    try {
      return request.build();
    } catch (ClientException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
