package dev.crossrole.client.internal;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The certificate authorities an HTTPS call trusts: the JVM's default ones, or exactly those of a
 * CA bundle, which replaces them as it does for the AWS CLI.
 */
public sealed interface Trust {
  /** The CA bundle's file; empty for the JVM's default authorities. */
  Optional<Path> bundle();

  /** The JVM's default trust store, as when no CA bundle is named. */
  record JvmDefault() implements Trust {
    @Override
    public Optional<Path> bundle() {
      return Optional.empty();
    }
  }

  /**
   * A PEM file of one or more certificates, and where it was named ({@code --ca-bundle}, {@code
   * AWS_CA_BUNDLE}, a profile's {@code ca_bundle}) so that a message can say which to fix.
   */
  record Bundle(Path file, String origin) implements Trust {
    public Bundle {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(origin, "origin");
    }

    @Override
    public Optional<Path> bundle() {
      return Optional.of(file);
    }

    /** The bundle as messages name it: its file, then where it was named. */
    public String describe() {
      return "the CA bundle " + file + " (" + origin + ")";
    }
  }
}
