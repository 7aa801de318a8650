package dev.crossrole.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Input far longer than IAM allows still gets an answer rather than a stack overflow: the grammar's
 * fixed expressions never repeat a group, which Java would match by recursion.
 */
class LongInputTest {
  /** A small stack, so that recursion per character would fail here on any machine. */
  private static final long STACK_BYTES = 256 * 1024;

  @Test
  void parse_principalArnWithTwentyThousandPathSegments_accepted() throws Exception {
    String arn = "arn:aws:iam::222222222222:user/" + "a/".repeat(20_000) + "builder";
    String trust =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
            + arn
            + "\"},\"Action\":\"sts:AssumeRole\"}]}";

    assertThat(onSmallStack(() -> PolicyDocument.parse(trust, Grammar.TRUST).statements().size()))
        .isEqualTo(1);
  }

  @Test
  void parse_principalArnWithEmptyPathSegment_refused() {
    String trust =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
            + "\"arn:aws:iam::222222222222:user/a//builder\"},\"Action\":\"sts:AssumeRole\"}]}";

    assertThat(
            org.assertj.core.api.Assertions.catchThrowableOfType(
                PolicyValidationException.class, () -> PolicyDocument.parse(trust, Grammar.TRUST)))
        .isNotNull();
  }

  private static <T> T onSmallStack(java.util.concurrent.Callable<T> work) throws Exception {
    AtomicReference<T> result = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread thread =
        new Thread(
            null,
            () -> {
              try {
                result.set(work.call());
              } catch (Throwable t) {
                failure.set(t);
              }
            },
            "small-stack",
            STACK_BYTES);
    thread.start();
    thread.join();
    assertThat(failure.get()).isNull();
    return result.get();
  }
}
