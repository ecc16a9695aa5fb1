package dev.sluice.cli;

/** The {@code sluice} command's entry point; see {@link Sluice}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(Sluice.run(Shell.system(), args));
  }
}
