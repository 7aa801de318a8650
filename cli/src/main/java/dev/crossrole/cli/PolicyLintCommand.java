package dev.crossrole.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crossrole.cli.internal.Inputs;
import dev.crossrole.policy.Finding;
import dev.crossrole.policy.Grammar;
import dev.crossrole.policy.PolicyLinter;
import dev.crossrole.policy.Severity;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code crossrole policy lint FILE}: Access-Analyzer-style checks of one policy document. */
@Command(
    name = "lint",
    mixinStandardHelpOptions = true,
    versionProvider = CrossroleCommand.VersionProvider.class,
    description = {
      "Check a policy document: errors IAM would refuse, security warnings (such as a trust"
          + " policy open to a confused deputy), warnings and suggestions.",
      "",
      "Prints one finding a line, SEVERITY  CODE  location: message; with --json, one JSON"
          + " object {\"file\", \"findings\": [{\"severity\", \"code\", \"message\","
          + " \"location\"}]}."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:no finding is an error",
      "1:some finding is an error",
      "2:usage error, or the file could not be read"
    })
public final class PolicyLintCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final InputStream stdin;

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "FILE",
      description = "The policy document (JSON); - reads standard input.")
  String file;

  @Option(
      names = "--type",
      paramLabel = "TYPE",
      defaultValue = "identity",
      converter = GrammarConverter.class,
      completionCandidates = GrammarNames.class,
      description =
          "Where the policy is attached: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Grammar type;

  @Option(names = "--json", description = "Print the findings as one JSON object.")
  boolean json;

  PolicyLintCommand(InputStream stdin) {
    this.stdin = stdin;
  }

  @Override
  public Integer call() throws JsonProcessingException {
    PrintWriter out = spec.commandLine().getOut();
    String text;
    try {
      text = Inputs.readAll(file, stdin);
    } catch (Inputs.InputException e) {
      spec.commandLine().getErr().println("crossrole: " + e.getMessage());
      return 2;
    }
    List<Finding> findings = PolicyLinter.lint(text, type);
    if (json) {
      out.println(JSON.writeValueAsString(report(file, findings)));
    } else {
      findings.forEach(f -> out.println(line(f)));
      out.println(summary(file, findings));
    }
    out.flush();
    return findings.stream().anyMatch(f -> f.severity() == Severity.ERROR) ? 1 : 0;
  }

  /** {@code {"file", "findings": [{"severity", "code", "message", "location"}]}}. */
  static ObjectNode report(String file, List<Finding> findings) {
    ObjectNode report = JSON.createObjectNode();
    report.put("file", file);
    ArrayNode list = report.putArray("findings");
    for (Finding f : findings) {
      ObjectNode o = list.addObject();
      o.put("severity", f.severity().text());
      o.put("code", f.code());
      o.put("message", f.message());
      o.put("location", f.location());
    }
    return report;
  }

  /** {@code SEVERITY CODE location: message}, the location left out when it is the document. */
  static String line(Finding f) {
    String where = f.location().isEmpty() ? "" : f.location() + ": ";
    return f.severity().text().toUpperCase(Locale.ROOT)
        + "  "
        + f.code()
        + "  "
        + where
        + f.message();
  }

  /** {@code FILE: no findings}, or {@code FILE: 3 findings (1 error, 2 warnings)}. */
  static String summary(String file, List<Finding> findings) {
    if (findings.isEmpty()) {
      return file + ": no findings";
    }
    Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
    findings.forEach(f -> counts.merge(f.severity(), 1, Integer::sum));
    List<String> parts = new ArrayList<>();
    counts.forEach((severity, n) -> parts.add(n + " " + severity.text() + (n == 1 ? "" : "s")));
    int total = findings.size();
    return file
        + ": "
        + total
        + (total == 1 ? " finding" : " findings")
        + " ("
        + String.join(", ", parts)
        + ")";
  }

  /** Reads {@code identity}, {@code trust} or {@code resource}. */
  static final class GrammarConverter implements ITypeConverter<Grammar> {
    @Override
    public Grammar convert(String value) {
      for (Grammar g : Grammar.values()) {
        if (g.name().toLowerCase(Locale.ROOT).equals(value)) {
          return g;
        }
      }
      throw new TypeConversionException(
          "expected one of identity, trust, resource but was '" + value + "'");
    }
  }

  /** The values of {@code --type}. */
  static final class GrammarNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return List.of("identity", "trust", "resource").iterator();
    }
  }
}
