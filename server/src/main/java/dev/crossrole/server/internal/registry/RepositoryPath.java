package dev.crossrole.server.internal.registry;

import java.util.regex.Pattern;

/**
 * Registry repository paths as crossrole uses them: {@code ACCOUNT-ID/REPOSITORY-NAME}, with the
 * repository name in ECR's grammar (lower case path components, at most 256 characters).
 */
final class RepositoryPath {
  private static final Pattern PATH =
      Pattern.compile("[0-9]{12}/(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*");

  private RepositoryPath() {}

  static boolean valid(String path) {
    return path.length() <= 12 + 1 + 256 && PATH.matcher(path).matches();
  }
}
