package org.gridscape.server.ingest.crs;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A minimal parser for OGC WKT coordinate-system text (WKT1 as found in .prj files, and WKT2): just
 * enough structure to find the datum, projection method, parameters and units.
 */
final class Wkt {

  /** {@code KEYWORD[arg, arg, ...]}; args are String (quoted text or bare words), Double or Node. */
  record Node(String keyword, List<Object> args) {

    Node {
      keyword = keyword.toUpperCase(Locale.ROOT);
      args = List.copyOf(args);
    }

    /** The first quoted argument, usually the object's name, or "". */
    String name() {
      return args.isEmpty() || !(args.get(0) instanceof String s) ? "" : s;
    }

    Node child(String... keywords) {
      for (Object arg : args) {
        if (arg instanceof Node n) {
          for (String k : keywords) {
            if (n.keyword.equals(k)) {
              return n;
            }
          }
        }
      }
      return null;
    }

    List<Node> children(String keyword) {
      List<Node> out = new ArrayList<>();
      for (Object arg : args) {
        if (arg instanceof Node n && n.keyword.equals(keyword)) {
          out.add(n);
        }
      }
      return out;
    }

    /** Depth-first search for the first node with one of the keywords. */
    Node find(String... keywords) {
      for (String k : keywords) {
        if (keyword.equals(k)) {
          return this;
        }
      }
      for (Object arg : args) {
        if (arg instanceof Node n) {
          Node found = n.find(keywords);
          if (found != null) {
            return found;
          }
        }
      }
      return null;
    }

    double number(int i) {
      Object arg = args.get(i);
      if (arg instanceof Double d) {
        return d;
      }
      throw new IllegalArgumentException(keyword + " argument " + i + " is not a number");
    }
  }

  private final String text;
  private int pos;

  private Wkt(String text) {
    this.text = text;
  }

  static Node parse(String text) {
    Wkt parser = new Wkt(text.strip());
    Node node = parser.node();
    parser.skipSpace();
    if (parser.pos != parser.text.length()) {
      throw new IllegalArgumentException("unexpected text after WKT at offset " + parser.pos);
    }
    return node;
  }

  private Node node() {
    skipSpace();
    String keyword = word();
    if (keyword.isEmpty()) {
      throw new IllegalArgumentException("expected a WKT keyword at offset " + pos);
    }
    skipSpace();
    char open = peek();
    if (open != '[' && open != '(') {
      throw new IllegalArgumentException("expected '[' after " + keyword);
    }
    char close = open == '[' ? ']' : ')';
    pos++;
    List<Object> args = new ArrayList<>();
    skipSpace();
    if (peek() == close) {
      pos++;
      return new Node(keyword, args);
    }
    while (true) {
      skipSpace();
      args.add(value());
      skipSpace();
      char c = next();
      if (c == close) {
        return new Node(keyword, args);
      }
      if (c != ',') {
        throw new IllegalArgumentException("expected ',' or '" + close + "' at offset " + (pos - 1));
      }
    }
  }

  private Object value() {
    char c = peek();
    if (c == '"') {
      pos++;
      StringBuilder sb = new StringBuilder();
      while (true) {
        char ch = next();
        if (ch == '"') {
          // WKT escapes a quote by doubling it
          if (pos < text.length() && text.charAt(pos) == '"') {
            sb.append('"');
            pos++;
            continue;
          }
          return sb.toString();
        }
        sb.append(ch);
      }
    }
    if (c == '-' || c == '+' || c == '.' || Character.isDigit(c)) {
      int start = pos;
      while (pos < text.length() && "+-.eE0123456789".indexOf(text.charAt(pos)) >= 0) {
        pos++;
      }
      try {
        return Double.parseDouble(text.substring(start, pos));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad number in WKT at offset " + start, e);
      }
    }
    int save = pos;
    String word = word();
    skipSpace();
    if (pos < text.length() && (peek() == '[' || peek() == '(')) {
      pos = save;
      return node();
    }
    if (word.isEmpty()) {
      throw new IllegalArgumentException("unexpected character '" + c + "' in WKT at offset " + pos);
    }
    return word;
  }

  private String word() {
    int start = pos;
    while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
      pos++;
    }
    return text.substring(start, pos);
  }

  private void skipSpace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private char peek() {
    if (pos >= text.length()) {
      throw new IllegalArgumentException("WKT ends too early");
    }
    return text.charAt(pos);
  }

  private char next() {
    char c = peek();
    pos++;
    return c;
  }
}
