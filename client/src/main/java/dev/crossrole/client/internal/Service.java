package dev.crossrole.client.internal;

/**
 * A service the build side calls, with what the SDKs resolve its endpoint from: its own endpoint
 * variable, its key in a profile's {@code services} section, and AWS's regional endpoint.
 */
public enum Service {
  STS("sts", "AWS_ENDPOINT_URL_STS", "sts"),
  ECR("ecr", "AWS_ENDPOINT_URL_ECR", "api.ecr");

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
    String domain = region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
    return "https://" + host + "." + region + "." + domain;
  }
}
