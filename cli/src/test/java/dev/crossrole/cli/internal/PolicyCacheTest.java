package dev.crossrole.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crossrole.policy.Grammar;
import dev.crossrole.policy.PolicyDocument;
import dev.crossrole.policy.PolicyValidationException;
import org.junit.jupiter.api.Test;

/** {@link PolicyCache}: same text parsed once, errors remembered, bounds kept. */
class PolicyCacheTest {
  private static final String A = policy("s3:GetObject");
  private static final String B = policy("s3:PutObject");
  private static final String C = policy("s3:ListBucket");

  private static String policy(String action) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\""
        + action
        + "\",\"Resource\":\"*\"}]}";
  }

  @Test
  void parse_sameTextTwice_sameDocumentOneHit() {
    PolicyCache cache = new PolicyCache();

    PolicyDocument first = cache.parse(A, Grammar.IDENTITY);
    PolicyDocument second = cache.parse(new String(A), Grammar.IDENTITY);

    assertThat(second).isSameAs(first);
    assertThat(cache.hits()).isEqualTo(1);
    assertThat(first.toJson()).isEqualTo(PolicyDocument.parse(A, Grammar.IDENTITY).toJson());
  }

  @Test
  void parse_sameTextOtherGrammar_judgedByThatGrammar() {
    PolicyCache cache = new PolicyCache();
    cache.parse(A, Grammar.IDENTITY);

    assertThatThrownBy(() -> cache.parse(A, Grammar.TRUST))
        .isInstanceOf(PolicyValidationException.class);
    assertThat(cache.size()).isEqualTo(2);
  }

  @Test
  void parse_refusedTextTwice_sameErrorBothTimes() {
    PolicyCache cache = new PolicyCache();
    String bad = "{\"Statement\":[{\"Effect\":\"Allow\",\"Actio\":\"s3:*\",\"Resource\":\"*\"}]}";
    PolicyValidationException expected =
        catchError(() -> PolicyDocument.parse(bad, Grammar.IDENTITY));

    PolicyValidationException first = catchError(() -> cache.parse(bad, Grammar.IDENTITY));
    PolicyValidationException second = catchError(() -> cache.parse(bad, Grammar.IDENTITY));

    for (PolicyValidationException e : new PolicyValidationException[] {first, second}) {
      assertThat(e.problem()).isEqualTo(expected.problem());
      assertThat(e.getMessage()).isEqualTo(expected.getMessage());
    }
    assertThat(cache.hits()).isEqualTo(1);
  }

  @Test
  void parse_overEntryBound_evictsLeastRecentlyUsed() {
    PolicyCache cache = new PolicyCache(2, Long.MAX_VALUE);
    PolicyDocument a = cache.parse(A, Grammar.IDENTITY);
    PolicyDocument b = cache.parse(B, Grammar.IDENTITY);
    cache.parse(A, Grammar.IDENTITY);

    cache.parse(C, Grammar.IDENTITY);

    assertThat(cache.size()).isEqualTo(2);
    assertThat(cache.parse(A, Grammar.IDENTITY)).isSameAs(a);
    assertThat(cache.parse(B, Grammar.IDENTITY)).isNotSameAs(b);
  }

  @Test
  void parse_overCharacterBound_keepsWithinBound() {
    PolicyCache cache = new PolicyCache(100, 2L * Math.max(A.length(), C.length()));

    cache.parse(A, Grammar.IDENTITY);
    cache.parse(B, Grammar.IDENTITY);
    cache.parse(C, Grammar.IDENTITY);

    assertThat(cache.size()).isEqualTo(2);
  }

  @Test
  void parse_textLargerThanBound_parsedButNotKept() {
    PolicyCache cache = new PolicyCache(100, 10);

    PolicyDocument first = cache.parse(A, Grammar.IDENTITY);

    assertThat(first.statements()).hasSize(1);
    assertThat(cache.size()).isZero();
    assertThat(cache.parse(A, Grammar.IDENTITY)).isNotSameAs(first);
  }

  private static PolicyValidationException catchError(Runnable r) {
    try {
      r.run();
    } catch (PolicyValidationException e) {
      return e;
    }
    throw new AssertionError("expected a PolicyValidationException");
  }
}
