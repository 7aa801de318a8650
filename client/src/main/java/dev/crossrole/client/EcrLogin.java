package dev.crossrole.client;

import dev.crossrole.client.internal.EcrClients;
import dev.crossrole.client.internal.SdkFailures;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;
import software.amazon.awssdk.services.ecr.model.GetAuthorizationTokenRequest;

/** Registry logins from ECR's GetAuthorizationToken, through the AWS SDK. */
public final class EcrLogin {
  /** An AWS registry URL: scheme, account, the rest ({@code .dkr.ecr.REGION.amazonaws.com}). */
  private static final Pattern AWS_PROXY_ENDPOINT =
      Pattern.compile(
          "(https?://)([0-9]{12})(\\.dkr\\.ecr(?:-fips)?\\.[a-z0-9-]+\\.amazonaws\\.com(?:\\.cn)?/?)");

  private EcrLogin() {}

  /**
   * One login per registry {@code settings} names (the caller's own when it names none), fresh from
   * ECR.
   *
   * @throws ClientException when ECR refuses, no credentials are found, the endpoint is unreachable
   *     or the answer is not a login
   */
  public static List<RegistryCredentials> fetch(EcrSettings settings) {
    try (EcrClient ecr = EcrClients.create(settings)) {
      return fetch(ecr, settings.registryIds());
    } catch (SdkException e) {
      throw SdkFailures.of(e, "GetAuthorizationToken");
    }
  }

  /**
   * One login per registry of {@code registryIds} (the caller's own when empty), from {@code ecr}.
   * ECR's token opens every registry the caller may use, and its registryIds parameter is
   * deprecated: the token is asked for once and its proxyEndpoint's account replaced by each
   * registry's on AWS; crossrole's one registry serves every account at the same endpoint.
   */
  static List<RegistryCredentials> fetch(EcrClient ecr, List<String> registryIds) {
    List<RegistryCredentials> own;
    try {
      own =
          ecr
              .getAuthorizationToken(GetAuthorizationTokenRequest.builder().build())
              .authorizationData()
              .stream()
              .map(EcrLogin::credentials)
              .toList();
    } catch (SdkException e) {
      throw SdkFailures.of(e, "GetAuthorizationToken");
    }
    if (registryIds.isEmpty()) {
      return own;
    }
    return own.stream()
        .flatMap(login -> registryIds.stream().map(id -> forRegistry(login, id)))
        .distinct()
        .toList();
  }

  private static RegistryCredentials forRegistry(RegistryCredentials login, String registryId) {
    Matcher aws = AWS_PROXY_ENDPOINT.matcher(login.proxyEndpoint());
    if (!aws.matches()) {
      return login;
    }
    return new RegistryCredentials(
        aws.group(1) + registryId + aws.group(3),
        login.username(),
        login.password(),
        login.expiresAt());
  }

  private static RegistryCredentials credentials(AuthorizationData data) {
    String decoded;
    try {
      decoded =
          new String(Base64.getDecoder().decode(data.authorizationToken()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw ClientException.of(
          ClientException.Kind.CONFIGURATION,
          "GetAuthorizationToken: the answer's authorizationToken is not base64");
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0 || data.proxyEndpoint() == null || data.expiresAt() == null) {
      throw ClientException.of(
          ClientException.Kind.CONFIGURATION,
          "GetAuthorizationToken: the answer is not a login (user:password, proxyEndpoint,"
              + " expiresAt)");
    }
    return new RegistryCredentials(
        data.proxyEndpoint(),
        decoded.substring(0, colon),
        decoded.substring(colon + 1),
        data.expiresAt());
  }
}
