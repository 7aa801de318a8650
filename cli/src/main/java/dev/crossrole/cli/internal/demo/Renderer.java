package dev.crossrole.cli.internal.demo;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Prints the demo as it runs: each part's heading, each step's number, title and equivalent
 * command, then its result marked {@code ✓} (it behaved as expected) or {@code ✗} (it did not),
 * with the error code of a refusal. Every line is flushed at once, so a slow step shows which it
 * is.
 */
public final class Renderer {
  /** Marks a step that behaved as expected. */
  public static final String EXPECTED = "✓";

  /** Marks a step that did not. */
  public static final String UNEXPECTED = "✗";

  private final PrintWriter out;
  private final Style style;

  public Renderer(PrintWriter out, Style style) {
    this.out = Objects.requireNonNull(out, "out");
    this.style = Objects.requireNonNull(style, "style");
  }

  /** The demo's first line. */
  public void title(String text) {
    line(style.heading(text));
  }

  /** A line of context: where things are, what is left out and why. */
  public void note(String text) {
    line(style.quiet(text));
  }

  /** A part of the story begins. */
  public void section(Section section) {
    line("");
    line(style.heading(section.heading()));
  }

  /** The {@code number}th step is about to run. */
  public void starting(int number, Step step) {
    line(String.format(Locale.ROOT, "%2d. %s", number, step.title()));
    line("    " + style.command("$ " + step.command()));
  }

  /** What the step came to. */
  public void result(StepResult result) {
    String mark = result.asExpected() ? style.good(EXPECTED) : style.bad(UNEXPECTED);
    line("    " + mark + " " + describe(result));
  }

  /** The last line: every step as expected, or the first that was not. */
  public void summary(Report report, Duration elapsed) {
    String time = String.format(Locale.ROOT, "%.1f s", elapsed.toMillis() / 1000.0);
    line("");
    if (report.failure().isEmpty()) {
      line(
          style.good(EXPECTED)
              + " all "
              + report.results().size()
              + " steps behaved as expected ("
              + time
              + ")");
      return;
    }
    StepResult failed = report.failure().get();
    line(
        style.bad(UNEXPECTED)
            + " step "
            + failed.number()
            + " ("
            + failed.step().title()
            + ") did not behave as expected: "
            + describe(failed)
            + (report.notRun() > 0 ? "; " + report.notRun() + " later step(s) not run" : "")
            + " ("
            + time
            + ")");
  }

  /** The result of a step in words, without its mark. */
  static String describe(StepResult result) {
    Expectation expected = result.step().expected();
    Outcome outcome = result.outcome();
    if (outcome instanceof Outcome.Failed f) {
      return "failed: " + f.message();
    }
    if (outcome instanceof Outcome.Refused r) {
      String refusal = r.code() + (r.message().isEmpty() ? "" : ": " + r.message());
      if (expected instanceof Expectation.Refused e) {
        return e.code().equals(r.code())
            ? "refused, as expected: " + refusal
            : "expected " + e.code() + ", refused with " + refusal;
      }
      return "refused: " + refusal;
    }
    String detail = ((Outcome.Done) outcome).detail();
    if (expected instanceof Expectation.Refused e) {
      return "expected " + e.code() + ", but it succeeded: " + detail;
    }
    return detail;
  }

  private void line(String text) {
    out.println(text);
    out.flush();
  }
}
