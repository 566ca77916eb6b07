package org.gridscape.server.print;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.fontbox.ttf.CmapLookup;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * The print font loaded into one document, with what text measuring and drawing need. Text is
 * passed through {@link #printable} first: a character the font lacks becomes "?" instead of
 * failing the whole print. Close after the document is saved (the subset is written on save).
 */
public final class LoadedFont implements Closeable {

  private final PDType0Font font;
  private final CmapLookup cmap;
  private final Closeable source;

  LoadedFont(PDType0Font font, CmapLookup cmap, Closeable source) {
    this.font = font;
    this.cmap = cmap;
    this.source = source;
  }

  public PDType0Font font() {
    return font;
  }

  /** The text with control characters as spaces and characters without a glyph as "?". */
  public String printable(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints().forEach(cp -> {
      if (Character.isISOControl(cp) || Character.isWhitespace(cp)) {
        out.append(' ');
      } else if (cmap.getGlyphId(cp) > 0) {
        out.appendCodePoint(cp);
      } else {
        out.append('?');
      }
    });
    return out.toString();
  }

  /** Width in points of printable text at the size. */
  public float width(String printable, float size) {
    try {
      return font.getStringWidth(printable) / 1000f * size;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The longest start of the text (with "…" when cut) that fits the width at the size. */
  public String fit(String text, float size, float maxWidth) {
    String s = printable(text);
    if (width(s, size) <= maxWidth) {
      return s;
    }
    String ellipsis = cmap.getGlyphId('…') > 0 ? "…" : "...";
    int end = s.length();
    while (end > 0) {
      end = s.offsetByCodePoints(end, -1);
      String cut = s.substring(0, end) + ellipsis;
      if (width(cut, size) <= maxWidth) {
        return cut;
      }
    }
    return "";
  }

  @Override
  public void close() throws IOException {
    source.close();
  }
}
