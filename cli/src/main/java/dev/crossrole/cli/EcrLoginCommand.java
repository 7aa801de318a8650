package dev.crossrole.cli;

import dev.crossrole.cli.internal.ClientExit;
import dev.crossrole.cli.internal.ClientOptions;
import dev.crossrole.cli.internal.UserEnvironment;
import dev.crossrole.client.ClientException;
import dev.crossrole.client.EcrLogin;
import dev.crossrole.client.EcrSettings;
import dev.crossrole.client.RegistryAuthFile;
import dev.crossrole.client.RegistryCredentials;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code crossrole ecr login}: asks ECR for a registry login and writes it where docker or skopeo
 * and podman read logins — the password goes into that file only, never on a command line.
 */
@Command(
    name = "login",
    mixinStandardHelpOptions = true,
    versionProvider = CrossroleCommand.VersionProvider.class,
    description = {
      "Asks ECR (GetAuthorizationToken) for a registry login and writes it into docker's"
          + " config.json ($DOCKER_CONFIG/config.json, else ~/.docker/config.json) or, with"
          + " --authfile or REGISTRY_AUTH_FILE, the auth.json skopeo, podman and buildah read.",
      "Other logins in the file are kept; the file is readable by its owner only. The password is"
          + " never printed nor passed on a command line."
    })
public final class EcrLoginCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ClientOptions client;

  @Option(
      names = "--registry-id",
      paramLabel = "ACCOUNT",
      description =
          "Log in to this account's registry (repeatable); the caller's own when left out.")
  List<String> registryIds = new ArrayList<>();

  @Option(
      names = "--authfile",
      paramLabel = "FILE",
      description = "Write the containers auth.json FILE (as skopeo --authfile reads it).")
  Path authfile;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try {
      List<RegistryCredentials> logins = EcrLogin.fetch(settings().withRegistryIds(registryIds));
      RegistryAuthFile file =
          RegistryAuthFile.locate(
              Optional.ofNullable(authfile), UserEnvironment.variables(), UserEnvironment.home());
      file.write(logins);
      for (RegistryCredentials login : logins) {
        out.println(
            "Login Succeeded: "
                + login.host()
                + " until "
                + login.expiresAt()
                + " ("
                + file.path()
                + ")");
      }
      out.flush();
      return ClientExit.OK;
    } catch (ClientException e) {
      spec.commandLine().getErr().println(ClientExit.line("ecr login", e));
      return ClientExit.of(e);
    }
  }

  private EcrSettings settings() {
    return EcrSettings.of(client.connection(UserEnvironment.variables(), UserEnvironment.home()));
  }
}
