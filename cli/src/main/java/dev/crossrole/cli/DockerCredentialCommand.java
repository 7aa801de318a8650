package dev.crossrole.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crossrole.cli.internal.ClientExit;
import dev.crossrole.cli.internal.ClientOptions;
import dev.crossrole.cli.internal.UserEnvironment;
import dev.crossrole.client.ClientException;
import dev.crossrole.client.EcrSettings;
import dev.crossrole.client.RegistryCredentials;
import dev.crossrole.client.RegistryTokens;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code crossrole docker-credential ACTION}, also run as {@code docker-credential-crossrole}:
 * Docker's credential-helper protocol, so that docker, skopeo and podman fetch ECR logins on
 * demand. Answers and errors go to standard output, as the protocol has it; failures exit 1.
 */
@Command(
    name = "docker-credential",
    mixinStandardHelpOptions = true,
    versionProvider = CrossroleCommand.VersionProvider.class,
    description = {
      "Docker's credential-helper protocol, for docker's and the containers tools' credHelpers:",
      "  get    reads a registry on stdin, writes {\"ServerURL\",\"Username\",\"Secret\"};",
      "  list   writes the cached logins as {registry: username};",
      "  store  reads {\"ServerURL\",\"Username\",\"Secret\"} and keeps nothing: logins come from"
          + " ECR;",
      "  erase  reads a registry and forgets its cached login.",
      "It answers for the registry ECR names (proxyEndpoint) for the SDK's credentials, or"
          + " --profile's; logins are cached until half their life."
    })
public final class DockerCredentialCommand implements Callable<Integer> {
  /** The protocol's answer for a registry it has no login for; docker knows this text. */
  static final String NOT_FOUND = "credentials not found in native keychain";

  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Mixin ClientOptions client;

  @Parameters(index = "0", paramLabel = "ACTION", description = "get, list, store or erase.")
  String action;

  private final InputStream stdin;

  DockerCredentialCommand(InputStream stdin) {
    this.stdin = Objects.requireNonNull(stdin, "stdin");
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    RegistryTokens tokens =
        RegistryTokens.inCache(
            UserEnvironment.variables(), UserEnvironment.home(), Clock.systemUTC());
    int code =
        switch (action) {
          case "get" -> get(out, tokens);
          case "list" -> list(out, tokens);
          case "store" -> store(out);
          case "erase" -> erase(out, tokens);
          default -> fail(out, "Unknown credential action `" + action + "`");
        };
    out.flush();
    return code;
  }

  private int get(PrintWriter out, RegistryTokens tokens) throws IOException {
    String server = input().strip();
    if (server.isEmpty()) {
      return fail(out, "no credentials server URL");
    }
    Optional<RegistryCredentials> login;
    try {
      login = tokens.forServer(server, settings());
    } catch (ClientException e) {
      // Like AWS's helper: the client learns only "not found" and goes on without a login.
      spec.commandLine().getErr().println(ClientExit.line("docker-credential get", e));
      return fail(out, NOT_FOUND);
    }
    if (login.isEmpty()) {
      return fail(out, NOT_FOUND);
    }
    ObjectNode answer = JSON.createObjectNode();
    answer.put("ServerURL", server);
    answer.put("Username", login.get().username());
    answer.put("Secret", login.get().password());
    return answer(out, answer.toString());
  }

  private int list(PrintWriter out, RegistryTokens tokens) throws IOException {
    try {
      return answer(out, JSON.writeValueAsString(tokens.list()));
    } catch (ClientException e) {
      return fail(out, e.getMessage());
    }
  }

  /** Checks the credentials as the protocol does and keeps nothing: ECR issues the logins. */
  private int store(PrintWriter out) throws IOException {
    JsonNode credentials;
    try {
      credentials = JSON.readTree(input());
    } catch (IOException e) {
      return fail(out, "the credentials on stdin are not JSON");
    }
    if (credentials == null || credentials.path("ServerURL").asText("").isEmpty()) {
      return fail(out, "no credentials server URL");
    }
    if (credentials.path("Username").asText("").isEmpty()) {
      return fail(out, "no credentials username");
    }
    return ClientExit.OK;
  }

  private int erase(PrintWriter out, RegistryTokens tokens) throws IOException {
    String server = input().strip();
    if (server.isEmpty()) {
      return fail(out, "no credentials server URL");
    }
    try {
      tokens.erase(server);
      return ClientExit.OK;
    } catch (ClientException e) {
      return fail(out, e.getMessage());
    }
  }

  private String input() throws IOException {
    return new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
  }

  private static int answer(PrintWriter out, String json) {
    out.println(json);
    return ClientExit.OK;
  }

  private static int fail(PrintWriter out, String message) {
    out.println(message);
    return 1;
  }

  private EcrSettings settings() {
    return EcrSettings.of(client.connection(UserEnvironment.variables(), UserEnvironment.home()));
  }
}
