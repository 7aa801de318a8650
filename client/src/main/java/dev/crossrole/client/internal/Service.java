package dev.crossrole.client.internal;

import dev.crossrole.client.AwsConnection;

/**
 * A service the build side calls, with what the SDKs resolve its endpoint from: its own endpoint
 * variable, its key in a profile's {@code services} section, and AWS's regional endpoint.
 */
public enum Service {
  STS("sts", "AWS_ENDPOINT_URL_STS", "sts"),
  ECR("ecr", "AWS_ENDPOINT_URL_ECR", "api.ecr"),
  /** Global: one endpoint per partition, signed for us-east-1 on AWS's commercial partition. */
  IAM("iam", "AWS_ENDPOINT_URL_IAM", "iam");

  private final String key;
  private final String variable;
  private final String host;

  Service(String key, String variable, String host) {
    this.key = key;
    this.variable = variable;
    this.host = host;
  }

  /** Its key in a {@code services} section, such as {@code sts}. */
  public String key() {
    return key;
  }

  /** Its endpoint variable, such as {@code AWS_ENDPOINT_URL_STS}. */
  public String variable() {
    return variable;
  }

  /** AWS's own regional endpoint, as the SDK resolves it for {@code region}. */
  public String defaultEndpoint(String region) {
    boolean china = region.startsWith("cn-");
    if (this == IAM) {
      return china ? "https://iam.cn-north-1.amazonaws.com.cn" : "https://iam.amazonaws.com";
    }
    return "https://" + host + "." + region + "." + (china ? "amazonaws.com.cn" : "amazonaws.com");
  }

  /**
   * The region a request is signed for: the resolved one, except for IAM, which AWS signs for
   * us-east-1 whatever the profile's region, unless {@code --region} names another partition's.
   */
  public String signingRegion(AwsConnection connection, String resolved) {
    if (this != IAM) {
      return resolved;
    }
    return connection.region().orElse(resolved.startsWith("cn-") ? "cn-north-1" : "us-east-1");
  }
}
