package io.gpenspark.cli;

import io.gpenspark.config.ErrorLine;
import io.gpenspark.config.InvalidConfigException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code gpen-spark <command> ...}: the one entry point of submit/gpen-spark. Exit codes as the
 * restore job's: 0 done, 2 a usage or configuration problem, 1 a failure; the cause of a non-zero
 * exit is one line on stderr.
 */
public final class GpenSpark {
  private static final Map<String, Command> COMMANDS = new LinkedHashMap<>();

  static {
    for (Command c :
        new Command[] {
          new RestoreCommand(),
          new RestorePhotoCommand(),
          new ReportCommand(),
          new ManifestCommand(),
          new DegradeCommand(),
          new EvaluateCommand()
        }) {
      COMMANDS.put(c.name(), c);
    }
  }

  private GpenSpark() {}

  /**
   * Tables and reports print ×, →, Δ and ∞: stdout and stderr are UTF-8 whatever the JVM's locale.
   */
  public static void main(String[] args) {
    PrintStream out =
        new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    PrintStream err =
        new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    int code = run(args, out, err);
    out.flush();
    err.flush();
    System.exit(code);
  }

  static String usage() {
    StringBuilder sb =
        new StringBuilder(
            "usage: gpen-spark <command> [options]   (gpen-spark <command> --help for its options)\n");
    COMMANDS.values().forEach(c -> sb.append(String.format("  %-13s %s%n", c.name(), c.summary())));
    sb.append(
        "exit codes: 0 done, 2 usage or configuration problem, 1 failure (one line on stderr)");
    return sb.toString();
  }

  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0) {
      err.println(
          "gpen-spark: a command is needed: "
              + String.join(", ", COMMANDS.keySet())
              + " (gpen-spark --help)");
      return 2;
    }
    if (args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
      out.println(usage());
      return 0;
    }
    Command command = COMMANDS.get(args[0]);
    if (command == null) {
      err.println(
          "gpen-spark: unknown command '"
              + args[0]
              + "'; one of "
              + String.join(", ", COMMANDS.keySet()));
      return 2;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    String prefix = "gpen-spark " + command.name() + ": ";
    try {
      return command.run(rest, out, err);
    } catch (UsageException e) {
      err.println(
          prefix
              + ErrorLine.first(e.getMessage())
              + " (see gpen-spark "
              + command.name()
              + " --help)");
      return 2;
    } catch (Exception | LinkageError e) {
      InvalidConfigException config = find(e, InvalidConfigException.class);
      UsageException usage = find(e, UsageException.class);
      if (config != null || usage != null) {
        err.println(prefix + ErrorLine.first((config != null ? config : usage).getMessage()));
        return 2;
      }
      err.println(prefix + "failed: " + ErrorLine.cause(e));
      return 1;
    }
  }

  private static <T extends Throwable> T find(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}
