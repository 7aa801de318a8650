package dev.crossrole.client.internal;

import dev.crossrole.client.EcrSettings;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * ECR clients of the SDK for {@link EcrSettings}, built as {@link SdkClients} builds every client.
 */
public final class EcrClients {
  private EcrClients() {}

  /** A client for {@code settings}; the caller closes it. */
  public static EcrClient create(EcrSettings settings) {
    return SdkClients.build(
        EcrClient.builder(), settings.connection(), Service.ECR, settings.clock());
  }
}
