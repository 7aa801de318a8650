package dev.crossrole.client.internal;

import dev.crossrole.client.ClientException;
import dev.crossrole.client.ClientException.Kind;
import dev.crossrole.client.ControlSettings;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The IAM calls of the control commands, through the SDK, each failure turned into a {@link
 * ClientException}. IAM is global: without a region, us-east-1 (where AWS's IAM signs).
 */
public final class SdkIam implements AutoCloseable {
  private final IamClient iam;

  private SdkIam(IamClient iam) {
    this.iam = iam;
  }

  /**
   * A connection for {@code settings}, after checking with STS that the caller is in the account
   * they require.
   */
  public static SdkIam connect(ControlSettings settings) {
    if (settings.account().isPresent()) {
      String required = settings.account().get();
      String actual;
      try (StsClient sts =
          SdkClients.build(
              StsClient.builder(), settings.connection(), Service.STS, settings.clock())) {
        actual = sts.getCallerIdentity().account();
      } catch (SdkException e) {
        throw SdkFailures.of(e, "GetCallerIdentity");
      }
      if (!required.equals(actual)) {
        throw ClientException.of(
            Kind.CONFIGURATION,
            "the credentials are account "
                + actual
                + "'s, not "
                + required
                + "'s: choose a profile of account "
                + required);
      }
    }
    try {
      return new SdkIam(
          SdkClients.build(
              IamClient.builder(), settings.connection(), Service.IAM, settings.clock()));
    } catch (SdkException e) {
      throw SdkFailures.of(e, "setting up IAM");
    }
  }

  /** A role's ARN and trust policy (decoded: IAM returns it URL-encoded). */
  public record RoleTrust(String arn, String trustPolicy) {}

  /** GetRole. */
  public RoleTrust role(String roleName) {
    try {
      Role role = iam.getRole(r -> r.roleName(roleName)).role();
      return new RoleTrust(role.arn(), decode(role.assumeRolePolicyDocument()));
    } catch (SdkException e) {
      throw SdkFailures.of(e, "GetRole " + roleName);
    }
  }

  /** Whether the role has the inline policy {@code policyName} (GetRolePolicy). */
  public boolean hasRolePolicy(String roleName, String policyName) {
    try {
      iam.getRolePolicy(r -> r.roleName(roleName).policyName(policyName));
      return true;
    } catch (NoSuchEntityException e) {
      return false;
    } catch (SdkException e) {
      throw SdkFailures.of(e, "GetRolePolicy " + roleName);
    }
  }

  /** PutRolePolicy. */
  public void putRolePolicy(String roleName, String policyName, String document) {
    try {
      iam.putRolePolicy(r -> r.roleName(roleName).policyName(policyName).policyDocument(document));
    } catch (SdkException e) {
      throw SdkFailures.of(e, "PutRolePolicy " + roleName);
    }
  }

  /** UpdateAssumeRolePolicy. */
  public void updateTrustPolicy(String roleName, String document) {
    try {
      iam.updateAssumeRolePolicy(r -> r.roleName(roleName).policyDocument(document));
    } catch (SdkException e) {
      throw SdkFailures.of(e, "UpdateAssumeRolePolicy " + roleName);
    }
  }

  /** IAM returns policy documents URL-encoded; a document read elsewhere is plain JSON already. */
  private static String decode(String document) {
    return document.strip().startsWith("{")
        ? document
        : URLDecoder.decode(document, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    iam.close();
  }
}
