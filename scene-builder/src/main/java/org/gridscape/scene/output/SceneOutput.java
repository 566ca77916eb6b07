package org.gridscape.scene.output;

import java.util.regex.Pattern;

/**
 * Where a built scene goes: a directory, memory, later an object store. One publish is
 * {@code begin()}, any number of {@code add(path, bytes)} (possibly from several threads), then
 * {@code end()}. Paths are relative, '/'-separated, without '.' or '..' segments. Adding a path
 * again replaces it (tileset.json files are rewritten on every publish; content files are named by
 * their hash, so re-adding one writes the same bytes).
 */
public interface SceneOutput {

  /** Starts a publish. Throws {@link IllegalStateException} if one is already under way. */
  void begin();

  /** Stores {@code bytes} at {@code path}. Throws {@link IllegalStateException} outside a publish. */
  void add(String path, byte[] bytes);

  /** Finishes the publish. Throws {@link IllegalStateException} if none is under way. */
  void end();

  /** Relative path segments of letters, digits, '.', '_' and '-'. */
  Pattern PATH = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*");

  /** Returns {@code path} if it is a safe relative path, else throws IllegalArgumentException. */
  static String requireValidPath(String path) {
    if (path == null || !PATH.matcher(path).matches()) {
      throw new IllegalArgumentException("not a safe relative scene path: " + path);
    }
    for (String segment : path.split("/")) {
      if (segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException("not a safe relative scene path: " + path);
      }
    }
    return path;
  }
}
