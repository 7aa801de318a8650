package dev.crossrole.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The AWS managed policies crossrole knows, built in and read-only: each with AWS's current default
 * version, its document as AWS publishes it (kept as a resource file), its description and dates.
 * Every account sees the same ones under {@code arn:aws:iam::aws:policy/…}.
 *
 * <p>Their policy ids are derived from the ARN (the {@code ANPA…} form, stable across restarts and
 * nodes) rather than AWS's own, which are not published.
 */
public final class AwsManagedPolicies {
  private static final String RESOURCES = "/dev/crossrole/core/aws-managed-policies/";

  private static final Map<String, Entry> BY_ARN = load();

  private AwsManagedPolicies() {}

  /** One AWS managed policy and its default version. */
  public record Entry(ManagedPolicy policy, ManagedPolicyVersion defaultVersion) {}

  /** Every built-in policy, ordered by name. */
  public static List<Entry> all() {
    return List.copyOf(BY_ARN.values());
  }

  /** The policy with this ARN; ARNs are compared as IAM does, regardless of the name's case. */
  public static Optional<Entry> byArn(String arn) {
    return Optional.ofNullable(BY_ARN.get(arn.toLowerCase(Locale.ROOT)));
  }

  /** Whether {@code arn} is in the AWS managed namespace ({@code arn:aws:iam::aws:policy/…}). */
  public static boolean isAwsManagedArn(String arn) {
    return arn.startsWith("arn:aws:iam::aws:policy/");
  }

  private static Map<String, Entry> load() {
    Map<String, Entry> byArn = new LinkedHashMap<>();
    add(
        byArn,
        "AdministratorAccess",
        "v1",
        "2015-02-06T18:39:46Z",
        "2015-02-06T18:39:46Z",
        "Provides full access to AWS services and resources.");
    add(
        byArn,
        "AmazonEC2ContainerRegistryFullAccess",
        "v3",
        "2015-12-21T17:06:48Z",
        "2020-12-05T00:04:19Z",
        "Provides administrative access to Amazon ECR resources");
    add(
        byArn,
        "AmazonEC2ContainerRegistryPowerUser",
        "v3",
        "2015-12-21T17:05:33Z",
        "2019-12-10T20:48:08Z",
        "Provides full access to Amazon EC2 Container Registry repositories, but does not allow"
            + " repository deletion or policy changes.");
    add(
        byArn,
        "AmazonEC2ContainerRegistryReadOnly",
        "v3",
        "2015-12-21T17:04:15Z",
        "2019-12-10T20:56:32Z",
        "Provides read-only access to Amazon EC2 Container Registry repositories.");
    add(
        byArn,
        "IAMReadOnlyAccess",
        "v4",
        "2015-02-06T18:40:39Z",
        "2018-01-25T19:11:27Z",
        "Provides read only access to IAM via the AWS Management Console.");
    add(
        byArn,
        "PowerUserAccess",
        "v12",
        "2015-02-06T18:39:47Z",
        "2026-02-12T17:59:14Z",
        "Provides full access to AWS services and resources, but does not allow management of"
            + " Users and groups.");
    add(
        byArn,
        "ReadOnlyAccess",
        "v188",
        "2015-02-06T18:39:48Z",
        "2026-07-21T18:42:30Z",
        "Provides read-only access to AWS services and resources.");
    return Collections.unmodifiableMap(byArn);
  }

  private static void add(
      Map<String, Entry> byArn,
      String name,
      String versionId,
      String created,
      String updated,
      String description) {
    String arn = ManagedPolicy.arn(ManagedPolicy.AWS, "/", name);
    ManagedPolicy policy =
        new ManagedPolicy(
            ManagedPolicy.AWS,
            "/",
            name,
            policyId(arn),
            Instant.parse(created),
            Instant.parse(updated),
            Optional.of(description),
            versionId,
            Map.of());
    ManagedPolicyVersion version =
        new ManagedPolicyVersion(arn, versionId, document(name), true, Instant.parse(updated));
    byArn.put(arn.toLowerCase(Locale.ROOT), new Entry(policy, version));
  }

  private static String document(String name) {
    try (InputStream in =
        AwsManagedPolicies.class.getResourceAsStream(RESOURCES + name + ".json")) {
      if (in == null) {
        throw new IllegalStateException("missing resource for AWS managed policy " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code ANPA} and 17 base32 characters of the ARN's SHA-256. */
  private static String policyId(String arn) {
    byte[] hash;
    try {
      hash = MessageDigest.getInstance("SHA-256").digest(arn.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    StringBuilder id = new StringBuilder("ANPA");
    for (int i = 0; i < 17; i++) {
      id.append(alphabet.charAt((hash[i] & 0xff) % 32));
    }
    return id.toString();
  }
}
