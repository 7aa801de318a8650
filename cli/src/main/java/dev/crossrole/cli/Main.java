package dev.crossrole.cli;

/** Entry point of the {@code crossrole} command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.out.println("crossrole");
  }
}
