package dev.crossrole.cli.internal.demo;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs a piece of code with some system properties set, restoring them afterwards: jib sends
 * credentials to a plain-HTTP token endpoint (the demo's, on loopback) only with the system
 * property {@code sendCredentialsOverHttp}, and reads no other setting for it. System properties
 * are the JVM's: the demo pushes from one thread, and nothing else in it reads this one.
 */
final class SystemProperties {
  private SystemProperties() {}

  static <T> T with(Map<String, String> properties, Supplier<T> body) {
    Map<String, String> saved = new HashMap<>();
    properties.keySet().forEach(k -> saved.put(k, System.getProperty(k)));
    try {
      properties.forEach(System::setProperty);
      return body.get();
    } finally {
      saved.forEach(
          (k, v) -> {
            if (v == null) {
              System.clearProperty(k);
            } else {
              System.setProperty(k, v);
            }
          });
    }
  }
}
