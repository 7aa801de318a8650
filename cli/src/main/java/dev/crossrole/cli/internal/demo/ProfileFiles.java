package dev.crossrole.cli.internal.demo;

import dev.crossrole.core.PrivateFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * The AWS config and credentials files the demo's commands name, as the AWS CLI and SDKs read them
 * ({@code AWS_CONFIG_FILE}, {@code AWS_SHARED_CREDENTIALS_FILE}): each profile's settings in {@code
 * config}, its keys in {@code credentials}, both readable by their owner only. They are written
 * whole again on every change.
 */
final class ProfileFiles {
  private final Path config;
  private final Path credentials;
  private final Map<String, Map<String, String>> settings = new LinkedHashMap<>();
  private final Map<String, Map<String, String>> keys = new LinkedHashMap<>();

  ProfileFiles(Path directory) {
    this.config = directory.resolve("config");
    this.credentials = directory.resolve("credentials");
  }

  Path config() {
    return config;
  }

  Path credentials() {
    return credentials;
  }

  /** Adds or replaces profile {@code name}'s settings (region, endpoint_url, role_arn, …). */
  void settings(String name, Map<String, String> values) {
    settings.put(Objects.requireNonNull(name, "name"), new LinkedHashMap<>(values));
    write();
  }

  /** Adds or replaces profile {@code name}'s long-term keys. */
  void keys(String name, String accessKeyId, String secretAccessKey) {
    Map<String, String> pair = new LinkedHashMap<>();
    pair.put("aws_access_key_id", accessKeyId);
    pair.put("aws_secret_access_key", secretAccessKey);
    keys.put(Objects.requireNonNull(name, "name"), pair);
    write();
  }

  /** Both files, as the SDK's profile parser reads them. */
  ProfileFile read() {
    return ProfileFile.aggregator()
        .addFile(
            ProfileFile.builder().content(credentials).type(ProfileFile.Type.CREDENTIALS).build())
        .addFile(ProfileFile.builder().content(config).type(ProfileFile.Type.CONFIGURATION).build())
        .build();
  }

  private void write() {
    try {
      PrivateFiles.createDirectory(config.getParent());
      PrivateFiles.write(config, render(settings, "profile "));
      PrivateFiles.write(credentials, render(keys, ""));
    } catch (IOException e) {
      throw new DemoException("cannot write the AWS profile files: " + e.getMessage(), e);
    }
  }

  private static String render(Map<String, Map<String, String>> profiles, String prefix) {
    StringBuilder text = new StringBuilder();
    profiles.forEach(
        (name, values) -> {
          if (text.length() > 0) {
            text.append('\n');
          }
          text.append('[').append(prefix).append(name).append("]\n");
          values.forEach((k, v) -> text.append(k).append(" = ").append(v).append('\n'));
        });
    return text.toString();
  }
}
