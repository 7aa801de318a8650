package dev.crossrole.server.internal.iam;

import dev.crossrole.server.internal.query.QueryParameters;
import dev.crossrole.server.internal.query.Validation;
import dev.crossrole.server.internal.query.XmlResponse;
import dev.crossrole.server.internal.request.AwsException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * IAM's {@code Marker}/{@code MaxItems} pagination over a list ordered by a key: {@code MaxItems}
 * from 1 to 1000 (100 when absent); the marker is opaque to clients and names the last key given.
 */
public record Page<T>(List<T> items, Optional<String> nextMarker) {
  private static final int DEFAULT_MAX_ITEMS = 100;

  /** The order IAM lists names in (the store's): case-insensitive, then exact. */
  private static final Comparator<String> ORDER =
      Comparator.comparing((String n) -> n.toLowerCase(Locale.ROOT))
          .thenComparing(Comparator.naturalOrder());

  /** The page of {@code items}, in IAM's name order, that the request's marker and size select. */
  public static <T> Page<T> of(List<T> items, Function<T, String> key, QueryParameters p) {
    int maxItems = maxItems(p);
    List<T> all = new ArrayList<>(items);
    all.sort(Comparator.comparing(key, ORDER));
    Optional<String> after = p.optional("Marker").map(Page::decode);
    int start = 0;
    if (after.isPresent()) {
      while (start < all.size() && ORDER.compare(key.apply(all.get(start)), after.get()) <= 0) {
        start++;
      }
    }
    int end = Math.min(all.size(), start + maxItems);
    Optional<String> next =
        end < all.size() ? Optional.of(encode(key.apply(all.get(end - 1)))) : Optional.empty();
    return new Page<>(List.copyOf(all.subList(start, end)), next);
  }

  /**
   * The page of {@code items}, kept in the order given, that the request's marker and size select:
   * the marker names the key of the last item of the previous page.
   */
  static <T> Page<T> inOrder(List<T> items, Function<T, String> key, QueryParameters p) {
    int maxItems = maxItems(p);
    Optional<String> after = p.optional("Marker").map(Page::decode);
    int start = 0;
    if (after.isPresent()) {
      start = -1;
      for (int i = 0; i < items.size(); i++) {
        if (key.apply(items.get(i)).equals(after.get())) {
          start = i + 1;
          break;
        }
      }
      if (start < 0) {
        throw AwsException.query("ValidationError", 400, "Invalid Marker: " + p.required("Marker"));
      }
    }
    int end = Math.min(items.size(), start + maxItems);
    Optional<String> next =
        end < items.size() ? Optional.of(encode(key.apply(items.get(end - 1)))) : Optional.empty();
    return new Page<>(List.copyOf(items.subList(start, end)), next);
  }

  /** Writes {@code IsTruncated} and, when truncated, {@code Marker}. */
  public XmlResponse writeTruncation(XmlResponse x) {
    x.element("IsTruncated", Boolean.toString(nextMarker.isPresent()));
    nextMarker.ifPresent(m -> x.element("Marker", m));
    return x;
  }

  private static int maxItems(QueryParameters p) {
    Optional<String> text = p.optional("MaxItems");
    if (text.isEmpty()) {
      return DEFAULT_MAX_ITEMS;
    }
    try {
      int value = Integer.parseInt(text.get());
      if (value >= 1 && value <= 1000) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below with AWS's wording
    }
    throw Validation.invalid("maxItems", text.get(), "Member must have value between 1 and 1000");
  }

  private static String encode(String key) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(key.getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String marker) {
    try {
      return new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw AwsException.query("ValidationError", 400, "Invalid Marker: " + marker);
    }
  }
}
