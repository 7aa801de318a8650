package dev.crossrole.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code skopeo} against registries, with no machine-wide auth file. */
final class Skopeo {
  private final Path home;

  Skopeo(Path home) {
    this.home = home;
  }

  record Result(int exitCode, String output) {}

  Result run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("skopeo");
    command.add("--insecure-policy");
    command.addAll(List.of(args));
    Path log = Files.createTempFile(home, "skopeo", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    builder.environment().put("HOME", home.toString());
    builder.environment().put("REGISTRY_AUTH_FILE", home.resolve("auth.json").toString());
    builder.environment().remove("XDG_RUNTIME_DIR");
    Process process = builder.start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("skopeo did not finish in 120 s: " + command);
    }
    return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  /** {@code skopeo login} to a plain-HTTP registry; later copies without credentials use it. */
  Result login(String registry, String user, String password)
      throws IOException, InterruptedException {
    return run("login", "--tls-verify=false", "-u", user, "-p", password, registry);
  }

  /** {@code skopeo copy} of an OCI layout's tag to {@code docker://DEST} with the stored login. */
  Result pushLoggedIn(OciImage image, String dest) throws IOException, InterruptedException {
    return run(
        "copy",
        "--dest-tls-verify=false",
        "oci:" + image.layout() + ":" + image.tag(),
        "docker://" + dest);
  }

  /** {@code skopeo copy} from {@code docker://SOURCE} with the stored login. */
  Result pullLoggedIn(String source, Path layout) throws IOException, InterruptedException {
    return run("copy", "--src-tls-verify=false", "docker://" + source, "oci:" + layout + ":pulled");
  }

  /** {@code skopeo copy} of an OCI layout's tag to {@code docker://DEST} with the given login. */
  Result push(OciImage image, String dest, String password)
      throws IOException, InterruptedException {
    return run(
        "copy",
        "--dest-creds",
        "AWS:" + password,
        "--dest-tls-verify=false",
        "oci:" + image.layout() + ":" + image.tag(),
        "docker://" + dest);
  }

  /**
   * {@code skopeo copy} of an OCI layout's tag to {@code docker://DEST} over TLS it verifies:
   * trusting the certificate authorities of {@code certDir} ({@code *.crt} files) when given, else
   * the machine's only.
   */
  Result pushVerifying(OciImage image, String dest, String password, Optional<Path> certDir)
      throws IOException, InterruptedException {
    List<String> args =
        new ArrayList<>(
            List.of("copy", "--dest-creds", "AWS:" + password, "--dest-tls-verify=true"));
    certDir.ifPresent(dir -> args.addAll(List.of("--dest-cert-dir", dir.toString())));
    args.add("oci:" + image.layout() + ":" + image.tag());
    args.add("docker://" + dest);
    return run(args.toArray(String[]::new));
  }

  /** {@code skopeo copy} from {@code docker://SOURCE} into an OCI layout. */
  Result pull(String source, Path layout, String password)
      throws IOException, InterruptedException {
    return run(
        "copy",
        "--src-creds",
        "AWS:" + password,
        "--src-tls-verify=false",
        "docker://" + source,
        "oci:" + layout + ":pulled");
  }
}
