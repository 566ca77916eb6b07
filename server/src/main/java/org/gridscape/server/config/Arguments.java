package org.gridscape.server.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The one place that reads configuration: command line > {@code GRIDSCAPE_*} environment > config
 * file > default. Every option is read with a description, so {@code --help} lists exactly the
 * options a command understands.
 */
public final class Arguments {

  /** One option as it was read: name, description, the value used and where it came from. */
  public record Option(String name, String description, String defaultValue) {}

  private final List<String> positional;
  private final Map<String, String> commandLine;
  private final Map<String, String> environment;
  private final Properties file;
  private final Map<String, Option> described = new LinkedHashMap<>();

  private Arguments(List<String> positional, Map<String, String> commandLine, Map<String, String> environment,
      Properties file) {
    this.positional = List.copyOf(positional);
    this.commandLine = Map.copyOf(commandLine);
    this.environment = Map.copyOf(environment);
    this.file = file;
  }

  /** Parses {@code --name value}, {@code --name=value} and bare flags {@code --flag}. */
  public static Arguments parse(String[] args, Map<String, String> environment) {
    List<String> positional = new ArrayList<>();
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.startsWith("--") && arg.length() > 2) {
        String body = arg.substring(2);
        int eq = body.indexOf('=');
        if (eq >= 0) {
          options.put(body.substring(0, eq), body.substring(eq + 1));
        } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
          options.put(body, args[++i]);
        } else {
          options.put(body, "true");
        }
      } else {
        positional.add(arg);
      }
    }
    Properties file = new Properties();
    String configPath = options.getOrDefault("config", environment.get(envName("config")));
    if (configPath != null && !configPath.isBlank()) {
      Path path = Path.of(configPath);
      try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
        file.load(reader);
      } catch (IOException e) {
        throw new ConfigException("cannot read config file " + path + ": " + e.getMessage());
      }
    }
    return new Arguments(positional, options, environment, file);
  }

  /** Arguments from the real process: command line and environment. */
  public static Arguments fromProcess(String[] args) {
    return parse(args, System.getenv());
  }

  static String envName(String option) {
    return "GRIDSCAPE_" + option.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  public List<String> positional() {
    return positional;
  }

  /** Whether a bare flag such as {@code --help} was given on the command line. */
  public boolean flag(String name) {
    return "true".equalsIgnoreCase(commandLine.get(name));
  }

  public String getString(String name, String description, String defaultValue) {
    described.putIfAbsent(name, new Option(name, description, defaultValue));
    String value = commandLine.get(name);
    if (value == null) {
      value = environment.get(envName(name));
    }
    if (value == null) {
      value = file.getProperty(name);
    }
    return value == null ? defaultValue : value.trim();
  }

  public int getInt(String name, String description, int defaultValue) {
    String raw = getString(name, description, Integer.toString(defaultValue));
    try {
      return Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      throw new ConfigException("option --" + name + " must be an integer, got '" + raw + "'");
    }
  }

  public long getLong(String name, String description, long defaultValue) {
    String raw = getString(name, description, Long.toString(defaultValue));
    try {
      return Long.parseLong(raw);
    } catch (NumberFormatException e) {
      throw new ConfigException("option --" + name + " must be an integer, got '" + raw + "'");
    }
  }

  public Path getPath(String name, String description, Path defaultValue) {
    String raw = getString(name, description, defaultValue == null ? null : defaultValue.toString());
    return raw == null ? null : Path.of(raw);
  }

  public List<String> getList(String name, String description) {
    String raw = getString(name, description, "");
    if (raw == null || raw.isBlank()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String part : raw.split(",")) {
      if (!part.isBlank()) {
        out.add(part.trim());
      }
    }
    return Collections.unmodifiableList(out);
  }

  /** The options read so far, in reading order, for {@code --help}. */
  public List<Option> describedOptions() {
    return List.copyOf(described.values());
  }

  /** Command-line options that no reader asked for: usually a typo worth reporting. */
  public List<String> unknownOptions() {
    List<String> unknown = new ArrayList<>();
    for (String name : commandLine.keySet()) {
      if (!described.containsKey(name) && !name.equals("help") && !name.equals("config")) {
        unknown.add(name);
      }
    }
    return unknown;
  }
}
