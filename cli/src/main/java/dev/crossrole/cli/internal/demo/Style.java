package dev.crossrole.cli.internal.demo;

/**
 * How the demo's lines look: coloured with ANSI escapes on a terminal, plain text otherwise (a log
 * file, a pipe, {@code NO_COLOR} set).
 */
public enum Style {
  ANSI,
  PLAIN;

  private static final String RESET = "\u001b[0m";

  /**
   * Colour on a terminal unless {@code NO_COLOR} is set (to anything non-empty: no-color.org). Java
   * 17 has a console exactly when standard input and output are both a terminal.
   */
  public static Style forTerminal(boolean console, String noColor) {
    boolean colourless = noColor != null && !noColor.isEmpty();
    return console && !colourless ? ANSI : PLAIN;
  }

  String good(String text) {
    return paint("\u001b[32m", text);
  }

  String bad(String text) {
    return paint("\u001b[31m", text);
  }

  String heading(String text) {
    return paint("\u001b[1m", text);
  }

  String command(String text) {
    return paint("\u001b[36m", text);
  }

  String quiet(String text) {
    return paint("\u001b[2m", text);
  }

  private String paint(String escape, String text) {
    return this == ANSI ? escape + text + RESET : text;
  }
}
