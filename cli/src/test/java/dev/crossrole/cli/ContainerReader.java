package dev.crossrole.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The command of the refresh test: an SDK client reading credentials from the container endpoint
 * {@code crossrole exec} gives it, twice. It writes the access key id and GetCallerIdentity's ARN
 * to the FIFO {@code args[0]}, waits until something is written to the FIFO {@code args[1]}, then
 * writes them again, from a new provider, to the FIFO {@code args[2]}.
 */
public final class ContainerReader {
  private ContainerReader() {}

  public static void main(String[] args) throws IOException {
    Files.writeString(Path.of(args[0]), identity() + "\n");
    Files.readString(Path.of(args[1]));
    Files.writeString(Path.of(args[2]), identity() + "\n");
  }

  private static String identity() {
    // The endpoint comes from AWS_ENDPOINT_URL, which exec sets from the profile.
    try (ContainerCredentialsProvider credentials = ContainerCredentialsProvider.builder().build();
        StsClient sts =
            StsClient.builder().region(Region.US_EAST_1).credentialsProvider(credentials).build()) {
      return credentials.resolveCredentials().accessKeyId() + " " + sts.getCallerIdentity().arn();
    }
  }
}
