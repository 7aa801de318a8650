package dev.crossrole.server.internal.iam;

import static dev.crossrole.server.internal.iam.IamCalls.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crossrole.core.Account;
import dev.crossrole.core.ErrorCode;
import dev.crossrole.core.IdentityException;
import dev.crossrole.core.IdentityStore;
import dev.crossrole.core.PolicyHolder;
import dev.crossrole.core.User;
import dev.crossrole.server.internal.request.AwsException;
import dev.crossrole.store.JdbcIdentityStore;
import dev.crossrole.store.StoreConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** IAM's tag rules on users (roles share them) and what tagging leaves on the entity. */
class IamTaggingTest {
  @TempDir Path data;
  private IdentityStore store;
  private IamTagging tagging;

  @BeforeEach
  void setUp() {
    store = JdbcIdentityStore.open(StoreConfig.embedded(data));
    store.createAccount(new Account("ours", IamCalls.ACCOUNT));
    store.createUser(
        new User(
            IamCalls.ACCOUNT,
            "/",
            "alice",
            "AIDAALICE0000000000A",
            IamCalls.NOW,
            Optional.empty(),
            Map.of("Team", "blue")));
    tagging = new IamTagging(store, IamCalls.access(store));
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  private static String[] tags(String... keyValues) {
    List<String> params = new ArrayList<>(List.of("UserName", "alice"));
    for (int i = 0; i < keyValues.length; i += 2) {
      int n = i / 2 + 1;
      params.addAll(
          List.of(
              "Tags.member." + n + ".Key",
              keyValues[i],
              "Tags.member." + n + ".Value",
              keyValues[i + 1]));
    }
    return params.toArray(String[]::new);
  }

  private static String[] many(int count) {
    String[] kv = new String[count * 2];
    for (int i = 0; i < count; i++) {
      kv[2 * i] = "k" + i;
      kv[2 * i + 1] = "v";
    }
    return tags(kv);
  }

  static Stream<Arguments> refusals() {
    return Stream.of(
        Arguments.of(
            "duplicateKeysInOtherCase_invalidInput",
            tags("env", "a", "ENV", "b"),
            "InvalidInput",
            "Duplicate tag keys found. Please note that Tag keys are case insensitive."),
        Arguments.of(
            "awsPrefix_invalidInput",
            tags("AWS:owner", "x"),
            "InvalidInput",
            "Tag keys beginning with 'aws:' are reserved for AWS use."),
        Arguments.of(
            "keyLongerThan128_validationError",
            tags("k".repeat(129), "x"),
            "ValidationError",
            "1 validation error detected: Value '"
                + "k".repeat(64)
                + "…' at 'tags.1.member.key' failed to satisfy constraint: Member must have length"
                + " less than or equal to 128"),
        Arguments.of(
            "valueWithForbiddenCharacter_validationError",
            tags("env", "a;b"),
            "ValidationError",
            "1 validation error detected: Value 'a;b' at 'tags.1.member.value' failed to satisfy"
                + " constraint: Member must satisfy regular expression pattern:"
                + " [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*"),
        Arguments.of(
            "fiftyOneInOneRequest_validationError",
            many(51),
            "ValidationError",
            "1 validation error detected: Value '[…]' at 'tags' failed to satisfy constraint:"
                + " Member must have length less than or equal to 50"),
        Arguments.of(
            "fiftyNewBesideOneExisting_limitExceeded",
            many(50),
            "LimitExceeded",
            "The number of tags has reached the maximum limit."));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void tagUser_badTags_awsErrorAndTagsUnchanged(
      String name, String[] params, String code, String message) {
    assertThatThrownBy(() -> tagging.tag(IamCalls.root("TagUser", params), PolicyHolder.USER))
        .satisfies(e -> assertThat(code(e)).isEqualTo(code))
        .hasMessage(message);
    assertThat(store.user(IamCalls.ACCOUNT, "alice").orElseThrow().tags())
        .isEqualTo(Map.of("Team", "blue"));
  }

  @Test
  void tagUser_keyInOtherCase_replacesExistingTag() {
    tagging.tag(IamCalls.root("TagUser", tags("team", "red", "env", "prod")), PolicyHolder.USER);

    assertThat(store.user(IamCalls.ACCOUNT, "alice").orElseThrow().tags())
        .isEqualTo(Map.of("team", "red", "env", "prod"));
  }

  @Test
  void untagUser_keysInAnyCase_removesThem() {
    tagging.tag(IamCalls.root("TagUser", tags("env", "prod")), PolicyHolder.USER);

    tagging.untag(
        IamCalls.root("UntagUser", "UserName", "alice", "TagKeys.member.1", "TEAM"),
        PolicyHolder.USER);

    assertThat(store.user(IamCalls.ACCOUNT, "alice").orElseThrow().tags())
        .isEqualTo(Map.of("env", "prod"));
  }

  @Test
  void listUserTags_maxItems_pagesInKeyOrder() {
    tagging.tag(IamCalls.root("TagUser", tags("env", "prod", "owner", "ops")), PolicyHolder.USER);

    String first =
        tagging
            .listTags(
                IamCalls.root("ListUserTags", "UserName", "alice", "MaxItems", "2"),
                PolicyHolder.USER)
            .xml();
    String rest =
        tagging
            .listTags(
                IamCalls.root(
                    "ListUserTags", "UserName", "alice", "Marker", texts(first, "//Marker").get(0)),
                PolicyHolder.USER)
            .xml();

    assertThat(texts(first, "//Tags/member/Key")).containsExactly("env", "owner");
    assertThat(texts(first, "//IsTruncated")).containsExactly("true");
    assertThat(texts(rest, "//Tags/member/Key")).containsExactly("Team");
    assertThat(texts(rest, "//Tags/member/Value")).containsExactly("blue");
  }

  @Test
  void tagUser_missingUser_noSuchEntity() {
    assertThatThrownBy(
            () ->
                tagging.tag(
                    IamCalls.root(
                        "TagUser",
                        "UserName",
                        "bob",
                        "Tags.member.1.Key",
                        "a",
                        "Tags.member.1.Value",
                        "b"),
                    PolicyHolder.USER))
        .hasMessage("The user with name bob cannot be found.");
  }

  private static String code(Throwable e) {
    if (e instanceof IdentityException ie) {
      return ie.code().awsCode();
    }
    if (e instanceof AwsException ae) {
      return ae.error().code();
    }
    return ErrorCode.SERVICE_FAILURE.awsCode();
  }
}
