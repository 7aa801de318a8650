package dev.crossrole.cli.internal.demo;

import java.util.Objects;

/**
 * One step of the demo: what it shows, the AWS CLI command (or the shell line) that does the same,
 * what it does, and what it should come to.
 *
 * @param title what the step shows, in a few words
 * @param command the equivalent command a user would type
 * @param action what the demo does instead, through the SDK or in process
 * @param expected success, or the refusal the step demonstrates
 */
public record Step(String title, String command, Action action, Expectation expected) {
  public Step {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(expected, "expected");
  }

  /** A step that should succeed. */
  public static Step succeeds(String title, String command, Action action) {
    return new Step(title, command, action, Expectation.succeeds());
  }

  /** A step that should be refused with {@code code}. */
  public static Step refused(String title, String command, String code, Action action) {
    return new Step(title, command, action, Expectation.refused(code));
  }

  /**
   * What a step does. It answers a one-line description of what it made or saw, and throws when it
   * cannot: the SDK's exceptions for AWS's refusals, {@link StepRefusedException} for the
   * registry's, {@link DemoException} when an answer is not what the story needs.
   */
  @FunctionalInterface
  public interface Action {
    String run();
  }
}
