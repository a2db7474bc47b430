package io.gpenspark.cli;

import java.io.PrintStream;

/** One {@code gpen-spark <command>}. */
interface Command {
  String name();

  /** One line for the list of commands. */
  String summary();

  /** The full --help text. */
  String usage();

  /**
   * Runs the command; returns the exit code. Throws {@link UsageException} (or
   * InvalidConfigException) for exit 2, anything else for exit 1.
   */
  int run(String[] args, PrintStream out, PrintStream err) throws Exception;
}
