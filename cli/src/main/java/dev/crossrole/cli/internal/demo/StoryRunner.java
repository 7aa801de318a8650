package dev.crossrole.cli.internal.demo;

import dev.crossrole.client.ClientException;
import dev.crossrole.client.internal.SdkFailures;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Runs the story's steps in order, showing each as it goes, and stops at the first that does not
 * behave as expected: the steps after it build on it, so their failures would say nothing more.
 */
public final class StoryRunner {
  private final Renderer renderer;

  public StoryRunner(Renderer renderer) {
    this.renderer = Objects.requireNonNull(renderer, "renderer");
  }

  /** Runs {@code story}; the report says which step, if any, did not behave as expected. */
  public Report run(List<Section> story) {
    int total = story.stream().mapToInt(s -> s.steps().size()).sum();
    List<StepResult> results = new ArrayList<>();
    for (Section section : story) {
      renderer.section(section);
      for (Step step : section.steps()) {
        int number = results.size() + 1;
        renderer.starting(number, step);
        StepResult result = new StepResult(number, step, outcome(step));
        renderer.result(result);
        results.add(result);
        if (!result.asExpected()) {
          return new Report(results, total - results.size());
        }
      }
    }
    return new Report(results, 0);
  }

  /** What running {@code step} came to: its detail, a refusal with its code, or a failure. */
  static Outcome outcome(Step step) {
    try {
      return new Outcome.Done(step.action().run());
    } catch (AwsServiceException e) {
      if (e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null) {
        return new Outcome.Refused(
            e.awsErrorDetails().errorCode(), message(e.awsErrorDetails().errorMessage()));
      }
      return new Outcome.Failed(SdkFailures.of(e, step.title()).getMessage());
    } catch (SdkException e) {
      return new Outcome.Failed(SdkFailures.of(e, step.title()).getMessage());
    } catch (ClientException e) {
      // The build side's library, where a step uses it, converted the SDK's failure already.
      return e.awsCode()
          .<Outcome>map(code -> new Outcome.Refused(code, message(e.getMessage())))
          .orElseGet(() -> new Outcome.Failed(e.getMessage()));
    } catch (StepRefusedException e) {
      return new Outcome.Refused(e.code(), message(e.getMessage()));
    } catch (DemoException e) {
      return new Outcome.Failed(e.getMessage());
    }
  }

  /**
   * An error message without the encoded authorization message AccessDenied carries: long, and only
   * {@code sts decode-authorization-message} reads it.
   */
  private static String message(String message) {
    if (message == null) {
      return "";
    }
    int encoded = message.indexOf(" Encoded authorization failure message");
    return (encoded < 0 ? message : message.substring(0, encoded)).strip();
  }
}
