package dev.polarflux.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The options of one command: {@code --name value} or {@code --name=value}, repeatable where the
 * command allows it. Values are checked as they are read; error messages name the option and never
 * echo a token.
 */
final class Arguments {

  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

  private final Map<String, List<String>> values = new LinkedHashMap<>();
  private final boolean help;

  private Arguments(Map<String, List<String>> values, boolean help) {
    this.values.putAll(values);
    this.help = help;
  }

  static Arguments parse(List<String> args, Set<String> known, Set<String> flags)
      throws UsageException {
    Map<String, List<String>> values = new LinkedHashMap<>();
    boolean help = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--help") || arg.equals("-h")) {
        help = true;
        continue;
      }
      if (!arg.startsWith("--")) {
        throw new UsageException("unexpected argument '" + arg + "'");
      }
      String name = arg.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (flags.contains(name)) {
        values.computeIfAbsent(name, n -> new ArrayList<>()).add(value == null ? "true" : value);
        continue;
      }
      if (!known.contains(name)) {
        throw new UsageException("unknown option --" + name);
      }
      if (value == null) {
        if (i + 1 >= args.size()) {
          throw new UsageException("option --" + name + " needs a value");
        }
        value = args.get(++i);
      }
      values.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }
    return new Arguments(values, help);
  }

  boolean help() {
    return help;
  }

  boolean has(String name) {
    return values.containsKey(name);
  }

  String string(String name) throws UsageException {
    List<String> v = values.get(name);
    if (v == null) {
      return null;
    }
    if (v.size() > 1) {
      throw new UsageException("option --" + name + " may be given once");
    }
    if (v.get(0).isBlank()) {
      throw new UsageException("option --" + name + " needs a non-empty value");
    }
    return v.get(0);
  }

  List<String> all(String name) {
    return values.getOrDefault(name, List.of());
  }

  int integer(String name, int def, int min, int max) throws UsageException {
    String v = string(name);
    if (v == null) {
      return def;
    }
    try {
      int n = Integer.parseInt(v);
      if (n < min || n > max) {
        throw new UsageException(
            "option --" + name + " must be between " + min + " and " + max + ", was: " + v);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new UsageException("option --" + name + " must be a whole number, was: " + v);
    }
  }

  UUID uuid(String name, String value) throws UsageException {
    try {
      UUID id = UUID.fromString(value);
      if (!id.toString().equalsIgnoreCase(value)) {
        throw new IllegalArgumentException();
      }
      return id;
    } catch (IllegalArgumentException e) {
      throw new UsageException("option --" + name + " must be a UUID, was: " + value);
    }
  }

  Duration duration(String name) throws UsageException {
    String v = string(name);
    return v == null ? null : parseDuration(name, v);
  }

  static Duration parseDuration(String name, String v) throws UsageException {
    Matcher m = DURATION.matcher(v);
    if (!m.matches()) {
      throw new UsageException(
          "option --" + name + " must be a duration like 500ms, 10s, 2m or 1h, was: " + v);
    }
    long n = Long.parseLong(m.group(1));
    Duration d =
        switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          default -> Duration.ofHours(n);
        };
    if (d.isZero()) {
      throw new UsageException("option --" + name + " must be positive, was: " + v);
    }
    return d;
  }
}
