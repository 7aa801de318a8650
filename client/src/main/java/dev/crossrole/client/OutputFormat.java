package dev.crossrole.client;

import dev.crossrole.client.internal.Quoting;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * How temporary credentials are printed: as the four variables {@code AWS_ACCESS_KEY_ID}, {@code
 * AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN} and {@code AWS_CREDENTIAL_EXPIRATION}
 * (ISO-8601, UTC) in a shell's or file's syntax, quoted so that any value reads back unchanged, or
 * as AWS's {@code credential_process} JSON.
 */
public enum OutputFormat {
  /** POSIX shells: {@code export K='v'}, for {@code eval "$(crossrole assume …)"}. */
  ENV("env", variables -> lines(variables, (k, v) -> "export " + k + "=" + Quoting.posix(v))),
  /** fish: {@code set -gx K 'v'}, for {@code crossrole assume … | source}. */
  FISH("fish", variables -> lines(variables, (k, v) -> "set -gx " + k + " " + Quoting.fish(v))),
  /** PowerShell: {@code $Env:K = 'v'}, for {@code … | Invoke-Expression}. */
  POWERSHELL(
      "powershell",
      variables -> lines(variables, (k, v) -> "$Env:" + k + " = " + Quoting.powershell(v))),
  /** A {@code .env} file: {@code K=v}, for docker's {@code --env-file} and dotenv libraries. */
  DOTENV("dotenv", variables -> lines(variables, (k, v) -> k + "=" + Quoting.dotenv(v))),
  /** One JSON object of the four variables. */
  JSON("json", variables -> Quoting.jsonObject(variables) + "\n"),
  /** AWS's {@code credential_process} output, {@code Version} 1. */
  CREDENTIAL_PROCESS("credential-process", OutputFormat::credentialProcess);

  private static final DateTimeFormatter ISO_UTC = DateTimeFormatter.ISO_INSTANT;

  private final String id;
  private final Function<Map<String, String>, String> render;

  OutputFormat(String id, Function<Map<String, String>, String> render) {
    this.id = id;
    this.render = render;
  }

  /** The name on the command line ({@code env}, {@code credential-process}, …). */
  public String id() {
    return id;
  }

  /** The format named {@code id}. */
  public static Optional<OutputFormat> of(String id) {
    for (OutputFormat format : values()) {
      if (format.id.equals(id.toLowerCase(Locale.ROOT))) {
        return Optional.of(format);
      }
    }
    return Optional.empty();
  }

  /** {@code credentials} in this format, ending in a newline. */
  public String render(TemporaryCredentials credentials) {
    return render.apply(variables(credentials));
  }

  /** The four variables in their usual order, the expiration in ISO-8601 UTC to the second. */
  public static Map<String, String> variables(TemporaryCredentials credentials) {
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put("AWS_ACCESS_KEY_ID", credentials.accessKeyId());
    variables.put("AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey());
    variables.put("AWS_SESSION_TOKEN", credentials.sessionToken());
    variables.put(
        "AWS_CREDENTIAL_EXPIRATION",
        ISO_UTC.format(credentials.expiration().truncatedTo(ChronoUnit.SECONDS)));
    return variables;
  }

  private static String credentialProcess(Map<String, String> variables) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("Version", 1);
    answer.put("AccessKeyId", variables.get("AWS_ACCESS_KEY_ID"));
    answer.put("SecretAccessKey", variables.get("AWS_SECRET_ACCESS_KEY"));
    answer.put("SessionToken", variables.get("AWS_SESSION_TOKEN"));
    answer.put("Expiration", variables.get("AWS_CREDENTIAL_EXPIRATION"));
    return Quoting.jsonObject(answer) + "\n";
  }

  private static String lines(
      Map<String, String> variables, java.util.function.BiFunction<String, String, String> line) {
    StringBuilder out = new StringBuilder();
    variables.forEach((k, v) -> out.append(line.apply(k, v)).append('\n'));
    return out.toString();
  }
}
