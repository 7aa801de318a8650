package dev.crossrole.cli.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.nio.charset.StandardCharsets;
import org.slf4j.LoggerFactory;

/**
 * The server's log as {@code crossrole server} sets it: crossrole's own lines at a level, and every
 * line, the libraries' too, as plain text (logback.xml's) or as one JSON object a line ({@link
 * JsonLineLayout}), on stderr either way.
 */
public final class ServerLogging {
  /** How each line is written. */
  public enum Format {
    TEXT,
    JSON
  }

  private static final String CROSSROLE = "dev.crossrole";

  private ServerLogging() {}

  /**
   * Sets crossrole's level ({@code error}, {@code warn}, {@code info}, {@code debug} or {@code
   * trace}) and the format of every line.
   *
   * @throws IllegalArgumentException for a level of another name
   */
  public static void configure(Format format, String level) {
    Level parsed =
        switch (level) {
          case "error" -> Level.ERROR;
          case "warn" -> Level.WARN;
          case "info" -> Level.INFO;
          case "debug" -> Level.DEBUG;
          case "trace" -> Level.TRACE;
          default ->
              throw new IllegalArgumentException("expected error, warn, info, debug or trace");
        };
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      // Another SLF4J provider on the class path: it is configured by its own files.
      return;
    }
    context.getLogger(CROSSROLE).setLevel(parsed);
    if (format == Format.JSON) {
      Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
      ConsoleAppender<ILoggingEvent> json = jsonOnStderr(context);
      root.detachAndStopAllAppenders();
      root.addAppender(json);
    }
  }

  private static ConsoleAppender<ILoggingEvent> jsonOnStderr(LoggerContext context) {
    JsonLineLayout layout = new JsonLineLayout();
    layout.setContext(context);
    layout.start();
    LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
    encoder.setContext(context);
    encoder.setLayout(layout);
    encoder.setCharset(StandardCharsets.UTF_8);
    encoder.start();
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(context);
    appender.setName("stderr-json");
    appender.setTarget("System.err");
    appender.setEncoder(encoder);
    appender.start();
    return appender;
  }
}
