package dev.crossrole.client.internal;

import dev.crossrole.client.ClientException;
import dev.crossrole.client.ClientException.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The AWS shared config and credentials files, read the way the SDKs read them: {@code [profile
 * NAME]} and {@code [services NAME]} sections in the config file, {@code [NAME]} in the credentials
 * file (whose properties win), {@code key = value} lines, indented sub-properties ({@code sts =}
 * then {@code endpoint_url = …}) named {@code sts.endpoint_url}, full-line comments and inline
 * comments after whitespace. Reading them here, without the SDK, keeps the warm-cache path from
 * loading the SDK at all.
 */
public final class AwsProfileFiles {
  private final Map<String, Map<String, String>> profiles;
  private final Map<String, Map<String, String>> services;

  private AwsProfileFiles(
      Map<String, Map<String, String>> profiles, Map<String, Map<String, String>> services) {
    this.profiles = profiles;
    this.services = services;
  }

  /** The files the environment names, or {@code ~/.aws/config} and {@code ~/.aws/credentials}. */
  public static AwsProfileFiles read(Map<String, String> env, Path home) {
    Path config = configFile(env, home);
    Path credentials = credentialsFile(env, home);
    Map<String, Map<String, String>> profiles = new HashMap<>();
    Map<String, Map<String, String>> services = new HashMap<>();
    for (Map.Entry<String, Map<String, String>> section : sections(config).entrySet()) {
      String name = section.getKey();
      if (name.equals("default")) {
        profiles.computeIfAbsent(name, n -> new HashMap<>()).putAll(section.getValue());
      } else if (name.startsWith("profile ")) {
        profiles
            .computeIfAbsent(name.substring(8).strip(), n -> new HashMap<>())
            .putAll(section.getValue());
      } else if (name.startsWith("services ")) {
        services.put(name.substring(9).strip(), section.getValue());
      }
    }
    for (Map.Entry<String, Map<String, String>> section : sections(credentials).entrySet()) {
      profiles.computeIfAbsent(section.getKey(), n -> new HashMap<>()).putAll(section.getValue());
    }
    return new AwsProfileFiles(profiles, services);
  }

  /** The config file: {@code AWS_CONFIG_FILE} or {@code ~/.aws/config}. */
  public static Path configFile(Map<String, String> env, Path home) {
    return file(env.get("AWS_CONFIG_FILE"), home, "config");
  }

  /** The credentials file: {@code AWS_SHARED_CREDENTIALS_FILE} or {@code ~/.aws/credentials}. */
  public static Path credentialsFile(Map<String, String> env, Path home) {
    return file(env.get("AWS_SHARED_CREDENTIALS_FILE"), home, "credentials");
  }

  /** A profile's properties, the credentials file's over the config file's. */
  public Optional<Map<String, String>> profile(String name) {
    return Optional.ofNullable(profiles.get(name));
  }

  /** A {@code [services NAME]} section's properties. */
  public Optional<Map<String, String>> services(String name) {
    return Optional.ofNullable(services.get(name));
  }

  private static Path file(String named, Path home, String name) {
    if (named == null || named.isBlank()) {
      return home.resolve(".aws").resolve(name);
    }
    if (named.equals("~") || named.startsWith("~/")) {
      return home.resolve(named.substring(Math.min(2, named.length())));
    }
    return Path.of(named);
  }

  private static Map<String, Map<String, String>> sections(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Map.of();
    } catch (IOException e) {
      throw ClientException.of(
          Kind.CONFIGURATION, "cannot read " + file + ": " + e.getClass().getSimpleName(), e);
    }
    return parse(text);
  }

  /** The sections of one file's text, each with its properties. */
  static Map<String, Map<String, String>> parse(String text) {
    Map<String, Map<String, String>> sections = new LinkedHashMap<>();
    Map<String, String> current = null;
    String parent = null;
    for (String raw : text.split("\r?\n", -1)) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      if (line.startsWith("[")) {
        int end = line.indexOf(']');
        String name = end < 0 ? line.substring(1) : line.substring(1, end);
        current = sections.computeIfAbsent(name.strip(), n -> new LinkedHashMap<>());
        parent = null;
        continue;
      }
      int eq = line.indexOf('=');
      if (current == null || eq < 0) {
        continue;
      }
      String key = line.substring(0, eq).strip().toLowerCase(java.util.Locale.ROOT);
      String value = withoutInlineComment(line.substring(eq + 1)).strip();
      boolean indented = Character.isWhitespace(raw.charAt(0));
      if (indented && parent != null) {
        current.put(parent + "." + key, value);
      } else {
        current.put(key, value);
        parent = value.isEmpty() ? key : null;
      }
    }
    return sections;
  }

  private static String withoutInlineComment(String value) {
    for (int i = 1; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c == '#' || c == ';') && Character.isWhitespace(value.charAt(i - 1))) {
        return value.substring(0, i);
      }
    }
    return value;
  }
}
