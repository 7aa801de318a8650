package dev.crossrole.client;

import java.util.Map;
import java.util.Optional;

/**
 * A CI runner that hides secrets in its build log when a step prints a masking command for them.
 * Both read such commands from a step's standard output <em>and</em> standard error, so crossrole
 * writes them to standard error: standard output stays the credentials alone, and {@code eval
 * "$(crossrole assume --mask …)"} still works (inside {@code $(…)} standard output never reaches
 * the runner at all). GitLab CI, Jenkins, CircleCI and Bitbucket Pipelines have no command a step
 * can print to mask a value it creates: they mask only variables declared masked beforehand.
 */
public enum CiRunner {
  /** GitHub Actions ({@code GITHUB_ACTIONS=true}): {@code ::add-mask::VALUE}. */
  GITHUB_ACTIONS("GitHub Actions") {
    @Override
    public String maskCommand(String secret) {
      return "::add-mask::" + secret;
    }
  },
  /** Azure Pipelines ({@code TF_BUILD} set): {@code ##vso[task.setsecret]VALUE}. */
  AZURE_PIPELINES("Azure Pipelines") {
    @Override
    public String maskCommand(String secret) {
      return "##vso[task.setsecret]" + secret;
    }
  };

  private final String title;

  CiRunner(String title) {
    this.title = title;
  }

  /** The runner's name, for messages. */
  public String title() {
    return title;
  }

  /** The line that makes this runner mask {@code secret} in everything printed after it. */
  public abstract String maskCommand(String secret);

  /** The runner {@code environment} belongs to, when it is one that masks on command. */
  public static Optional<CiRunner> detect(Map<String, String> environment) {
    if ("true".equalsIgnoreCase(environment.getOrDefault("GITHUB_ACTIONS", ""))) {
      return Optional.of(GITHUB_ACTIONS);
    }
    String tfBuild = environment.get("TF_BUILD");
    if (tfBuild != null && !tfBuild.isBlank()) {
      return Optional.of(AZURE_PIPELINES);
    }
    return Optional.empty();
  }
}
