package dev.crossrole.client;

import dev.crossrole.client.ClientException.Kind;
import dev.crossrole.client.internal.CaBundle;
import dev.crossrole.client.internal.IniDocument;
import dev.crossrole.client.internal.OwnerOnlyFiles;
import dev.crossrole.client.internal.Trust;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The AWS shared config and credentials files, where the AWS CLI and SDKs read their profiles:
 * {@code AWS_CONFIG_FILE} and {@code AWS_SHARED_CREDENTIALS_FILE}, else {@code ~/.aws/config} and
 * {@code ~/.aws/credentials}. Config sections are {@code [profile NAME]} (but {@code [default]}),
 * credentials sections {@code [NAME]}.
 *
 * <p>{@link #setup} writes a way-2 profile as an edit of the files: only the keys it owns change,
 * in the sections it owns, and everything else — other profiles, comments, blank lines, unknown
 * keys, nested sub-properties — stays byte for byte. Running it twice changes nothing. The files
 * are replaced atomically and readable by their owner only.
 */
public final class AwsProfiles {
  private static final String HIDDEN = "****";

  private final Path config;
  private final Path credentials;

  private AwsProfiles(Path config, Path credentials) {
    this.config = Objects.requireNonNull(config, "config");
    this.credentials = Objects.requireNonNull(credentials, "credentials");
  }

  /** The files the AWS CLI reads given {@code environment} and the user's {@code home}. */
  public static AwsProfiles locate(Map<String, String> environment, Path home) {
    return new AwsProfiles(
        file(environment, "AWS_CONFIG_FILE", home, home.resolve(".aws").resolve("config")),
        file(
            environment,
            "AWS_SHARED_CREDENTIALS_FILE",
            home,
            home.resolve(".aws").resolve("credentials")));
  }

  /** The files at these paths. */
  public static AwsProfiles at(Path config, Path credentials) {
    return new AwsProfiles(config, credentials);
  }

  private static Path file(Map<String, String> environment, String variable, Path home, Path dflt) {
    String value = environment.getOrDefault(variable, "");
    if (value.isBlank()) {
      return dflt;
    }
    // The SDKs expand a leading ~ themselves; a shell would not have done it inside quotes.
    return value.equals("~") || value.startsWith("~/")
        ? home.resolve(value.substring(Math.min(2, value.length())))
        : Path.of(value);
  }

  public Path config() {
    return config;
  }

  public Path credentials() {
    return credentials;
  }

  /**
   * Writes {@code setup}'s profile into the config file and, when it carries keys, its source
   * profile into the credentials file.
   *
   * @return the files whose content changed (none when everything was already so)
   * @throws ClientException of kind CONFIGURATION when the source profile has no keys given and
   *     exists in neither file, the CA bundle holds no certificate, or a file cannot be read or
   *     written
   */
  public List<Path> setup(ProfileSetup setup) {
    // A profile naming an unusable bundle would fail every call made with it: refuse it now.
    setup
        .caBundle()
        .ifPresent(file -> CaBundle.certificates(new Trust.Bundle(file, "--ca-bundle")));
    IniDocument configDoc = load(config);
    IniDocument credentialsDoc = load(credentials);
    if (setup.sourceKeys().isEmpty() && !exists(configDoc, credentialsDoc, setup.sourceProfile())) {
      throw ClientException.of(
          Kind.CONFIGURATION,
          "the source profile '"
              + setup.sourceProfile()
              + "' is in neither "
              + credentials
              + " nor "
              + config
              + ": give its keys with --from-env (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)"
              + " or name an existing one with --source-profile");
    }
    List<Path> written = new ArrayList<>();
    String section = configSection(setup.profile());
    configDoc.set(section, "role_arn", setup.roleArn());
    configDoc.set(section, "source_profile", setup.sourceProfile());
    configDoc.set(section, "external_id", setup.externalId());
    setup.region().ifPresent(r -> configDoc.set(section, "region", r));
    setup.endpointUrl().ifPresent(u -> configDoc.set(section, "endpoint_url", u));
    setup.caBundle().ifPresent(file -> configDoc.set(section, "ca_bundle", file.toString()));
    save(config, configDoc).ifPresent(written::add);
    setup.sourceKeys().ifPresent(keys -> writeKeys(credentialsDoc, setup.sourceProfile(), keys));
    save(credentials, credentialsDoc).ifPresent(written::add);
    return written;
  }

  /** Whether {@code profile} is in either file. */
  public boolean exists(String profile) {
    return exists(load(config), load(credentials), profile);
  }

  /**
   * The profiles as the files hold them, secrets hidden: every profile, or {@code profile} and the
   * source profiles it assumes its role with.
   *
   * @throws ClientException of kind CONFIGURATION when {@code profile} is in neither file
   */
  public String show(Optional<String> profile) {
    IniDocument configDoc = load(config);
    IniDocument credentialsDoc = load(credentials);
    List<String> configSections = configDoc.sections();
    List<String> credentialSections = credentialsDoc.sections();
    if (profile.isPresent()) {
      Set<String> chain = chain(configDoc, credentialsDoc, profile.get());
      configSections = chain.stream().map(AwsProfiles::configSection).toList();
      credentialSections = List.copyOf(chain);
    }
    StringBuilder out = new StringBuilder();
    render(out, config, configDoc, configSections);
    render(out, credentials, credentialsDoc, credentialSections);
    return out.toString();
  }

  /** The config file's section for {@code profile}. */
  static String configSection(String profile) {
    return profile.equals("default") ? "default" : "profile " + profile;
  }

  private Set<String> chain(IniDocument configDoc, IniDocument credentialsDoc, String profile) {
    if (!exists(configDoc, credentialsDoc, profile)) {
      throw ClientException.of(
          Kind.CONFIGURATION,
          "the profile '" + profile + "' is in neither " + config + " nor " + credentials);
    }
    Set<String> chain = new LinkedHashSet<>();
    Optional<String> next = Optional.of(profile);
    while (next.isPresent() && chain.add(next.get())) {
      next =
          Optional.ofNullable(
              configDoc.properties(configSection(next.get())).get("source_profile"));
    }
    return chain;
  }

  private static void render(StringBuilder out, Path file, IniDocument doc, List<String> sections) {
    List<String> present = sections.stream().filter(doc::hasSection).toList();
    if (present.isEmpty()) {
      return;
    }
    if (out.length() > 0) {
      out.append('\n');
    }
    out.append("# ").append(file).append('\n');
    for (String section : present) {
      out.append('[').append(section).append("]\n");
      doc.properties(section)
          .forEach((k, v) -> out.append(k).append(" = ").append(shown(k, v)).append('\n'));
    }
  }

  /**
   * The value as shown: a secret access key as its last four characters (as {@code aws configure
   * list} does, enough to tell keys apart), any other secret not at all.
   */
  static String shown(String key, String value) {
    String name = key.toLowerCase(Locale.ROOT);
    if (name.equals("aws_secret_access_key")) {
      return value.length() >= 20 ? HIDDEN + value.substring(value.length() - 4) : HIDDEN;
    }
    if (name.contains("secret") || name.contains("token") || name.contains("password")) {
      return HIDDEN;
    }
    return value;
  }

  private static boolean exists(IniDocument configDoc, IniDocument credentialsDoc, String name) {
    return credentialsDoc.hasSection(name) || configDoc.hasSection(configSection(name));
  }

  private static void writeKeys(IniDocument doc, String section, SourceKeys keys) {
    doc.set(section, "aws_access_key_id", keys.accessKeyId());
    doc.set(section, "aws_secret_access_key", keys.secretAccessKey());
    keys.sessionToken()
        .ifPresentOrElse(
            token -> doc.set(section, "aws_session_token", token),
            () -> doc.remove(section, "aws_session_token"));
  }

  private static IniDocument load(Path file) {
    try {
      return IniDocument.parse(OwnerOnlyFiles.read(file).orElse(""));
    } catch (IOException e) {
      throw ClientException.of(Kind.CONFIGURATION, "cannot read " + file + ": " + e, e);
    }
  }

  /**
   * Writes {@code doc} when its text differs from the file's, and closes the file to its owner
   * either way (one written by hand is often 0644); returns the file if its content changed.
   */
  private static Optional<Path> save(Path file, IniDocument doc) {
    try {
      String text = doc.text();
      boolean same = OwnerOnlyFiles.read(file).orElse("").equals(text);
      if (!same) {
        OwnerOnlyFiles.write(file, text);
      }
      OwnerOnlyFiles.restrict(file);
      return same ? Optional.empty() : Optional.of(file);
    } catch (IOException e) {
      throw ClientException.of(Kind.CONFIGURATION, "cannot write " + file + ": " + e, e);
    }
  }
}
