package dev.crossrole.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KeyRingTest {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private static final Duration DELAY = Duration.ofMinutes(10);
  private static final Duration LIFETIME = Duration.ofHours(36);
  private static final TokenKey K1 = key("k1", T0);
  private static final TokenKey K2 = key("k2", T0.plus(Duration.ofDays(1)));
  private static final TokenKey K3 = key("k3", T0.plus(Duration.ofDays(2)));

  @Test
  void rotateTo_newKey_becomesCurrentAndOldStaysFindable() {
    KeyRing ring = KeyRing.of(K1).rotateTo(K2);

    assertThat(ring.current()).isEqualTo(K2);
    assertThat(ring.find("k1")).contains(K1);
    assertThat(ring.keys()).containsExactly(K2, K1);
  }

  @Test
  void without_oldKey_isNoLongerFound() {
    KeyRing ring = KeyRing.of(K2, List.of(K1)).without("k1");

    assertThat(ring.find("k1")).isEmpty();
    assertThat(ring.keys()).containsExactly(K2);
  }

  @Test
  void without_currentKey_isRefused() {
    assertThatThrownBy(() -> KeyRing.of(K2, List.of(K1)).without("k2"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void of_twoDifferentKeysWithOneId_isRefused() {
    assertThatThrownBy(() -> KeyRing.of(K1, List.of(key("k1", T0))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("k1");
  }

  @Test
  void of_sameKeyTwice_isKeptOnce() {
    assertThat(KeyRing.of(K1, List.of(K1)).keys()).containsExactly(K1);
  }

  static Stream<Arguments> activations() {
    return Stream.of(
        Arguments.of("only key, just created", List.of(K1), T0, "k1"),
        Arguments.of(
            "new key not yet activated", List.of(K1, K2), K2.created().plusSeconds(1), "k1"),
        Arguments.of("new key activated", List.of(K1, K2), K2.created().plus(DELAY), "k2"),
        Arguments.of(
            "newest activated of three", List.of(K3, K1, K2), K3.created().plus(DELAY), "k3"),
        Arguments.of("none activated yet: the oldest", List.of(K2, K1), T0.minusSeconds(1), "k1"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("activations")
  void activeAt_storedKeys_picksTheSameCurrentOnEveryNode(
      String name, List<TokenKey> keys, Instant now, String expected) {
    KeyRing ring = KeyRing.activeAt(keys, now, DELAY);

    assertThat(ring.current().id()).isEqualTo(expected);
    assertThat(ring.keys()).hasSize(keys.size());
  }

  @Test
  void activeAt_noKeys_isRefused() {
    assertThatThrownBy(() -> KeyRing.activeAt(List.of(), T0, DELAY))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static Stream<Arguments> removals() {
    Instant k2Active = K2.created().plus(DELAY);
    Instant k3Active = K3.created().plus(DELAY);
    return Stream.of(
        Arguments.of("k1 tokens may live", k3Active, List.of()),
        Arguments.of("k1 tokens all expired", k2Active.plus(LIFETIME), List.of("k1")),
        Arguments.of(
            "k1 and k2 expired", k3Active.plus(LIFETIME).plusSeconds(1), List.of("k1", "k2")),
        Arguments.of(
            "a second before k1 expires", k2Active.plus(LIFETIME).minusSeconds(1), List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("removals")
  void removable_retiredKeys_onlyOnceTheirTokensExpired(
      String name, Instant now, List<String> expected) {
    KeyRing ring = KeyRing.activeAt(List.of(K1, K2, K3), now, DELAY);

    assertThat(ring.removable(now, DELAY, LIFETIME)).extracting(TokenKey::id).isEqualTo(expected);
  }

  @Test
  void removable_keysNewerThanCurrent_neverRemoved() {
    Instant now = K3.created().plusSeconds(1);
    KeyRing ring = KeyRing.activeAt(List.of(K1, K2, K3), now, DELAY);

    assertThat(ring.current()).isEqualTo(K2);
    assertThat(ring.removable(now.plus(Duration.ofDays(30)), DELAY, LIFETIME))
        .extracting(TokenKey::id)
        .containsExactly("k1");
  }

  @Test
  void toString_ring_namesIdsOnly() {
    assertThat(KeyRing.of(K2, List.of(K1)).toString())
        .isEqualTo("KeyRing[current=k2, keys=[k2, k1]]");
  }

  private static TokenKey key(String id, Instant created) {
    return new TokenKey(id, TokenKey.generate(created).material(), created);
  }
}
