package org.gridscape.server.print;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CJK font the printed maps are set in, embedded as a subset into every PDF so that it prints
 * anywhere. A configured file ({@code --print-font}) or else the first usable font of a list of
 * the usual places on Linux, Windows and macOS. Usable means PDFBox can subset it (TrueType outlines:
 * PDFBox 3.0 loads OpenType fonts with CFF outlines such as Noto Sans CJK, but its subsetter needs a
 * glyf table and fails on save) and it has the glyphs of 网格村镇图例. In a collection (.ttc) a
 * Simplified Chinese face (name with "SC" or "GB") is preferred, else the first usable one. The
 * choice is made once, on the first print.
 */
public final class PrintFonts {

  private static final Logger LOG = LoggerFactory.getLogger(PrintFonts.class);

  /** Where CJK fonts with TrueType outlines usually are, best first (fonts-wqy-zenhei on Debian/Ubuntu). */
  static final List<Path> CANDIDATES = List.of(
      Path.of("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
      Path.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
      Path.of("/usr/share/fonts/wenquanyi/wqy-zenhei/wqy-zenhei.ttc"),
      Path.of("/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc"),
      Path.of("/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc"),
      Path.of("/usr/share/fonts/truetype/arphic/uming.ttc"),
      Path.of("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"),
      Path.of("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
      Path.of("C:/Windows/Fonts/simhei.ttf"),
      Path.of("C:/Windows/Fonts/msyh.ttc"),
      Path.of("C:/Windows/Fonts/simsun.ttc"),
      Path.of("/System/Library/Fonts/STHeiti Light.ttc"),
      Path.of("/Library/Fonts/Arial Unicode.ttf"));

  /** Characters the chosen font must have. */
  private static final String PROBE = "网格村镇图例";

  /** The font file and the face in it the maps are set in. */
  public record Choice(Path path, String faceName) {
    public Choice {
      if (path == null || faceName == null) {
        throw new IllegalArgumentException("path and face required");
      }
    }
  }

  private final Path configured;
  private final List<Path> candidates;
  private Choice chosen;

  /** @param configured the font of {@code --print-font}, or null to search the usual places */
  public PrintFonts(Path configured) {
    this(configured, CANDIDATES);
  }

  PrintFonts(Path configured, List<Path> candidates) {
    this.configured = configured;
    this.candidates = List.copyOf(candidates);
  }

  /** The font the maps are set in; a 503 {@link PrintException} naming what was tried when there is none. */
  public synchronized Choice choice() {
    if (chosen != null) {
      return chosen;
    }
    List<String> tried = new ArrayList<>();
    for (Path path : configured != null ? List.of(configured) : candidates) {
      if (!Files.isRegularFile(path)) {
        tried.add(path + " (missing)");
        continue;
      }
      try {
        String face = usableFace(path);
        if (face != null) {
          chosen = new Choice(path, face);
          LOG.info("Printed maps use the font {} in {}", face, path);
          return chosen;
        }
        tried.add(path + " (no embeddable face with Chinese glyphs)");
      } catch (IOException | RuntimeException e) {
        tried.add(path + " (" + e.getMessage() + ")");
      }
    }
    String looked = configured != null ? configured.toString() : String.join(", ", tried);
    throw PrintException.fontUnavailable(looked, configured != null
        ? "the print font " + configured + " cannot be used: " + tried.get(0) + "; set --print-font to a TrueType "
            + "CJK font (.ttf/.ttc, e.g. fonts-wqy-zenhei's wqy-zenhei.ttc)"
        : "no CJK TrueType font for printed maps on this server; install fonts-wqy-zenhei or set --print-font "
            + "(tried: " + String.join("; ", tried) + ")");
  }

  /** Opens the chosen font for one document; close it after the document is saved. */
  public LoadedFont load(PDDocument document) throws IOException {
    Choice choice = choice();
    if (isCollection(choice.path())) {
      TrueTypeCollection collection = new TrueTypeCollection(choice.path().toFile());
      try {
        TrueTypeFont ttf = collection.getFontByName(choice.faceName());
        return new LoadedFont(PDType0Font.load(document, ttf, true), ttf.getUnicodeCmapLookup(), collection);
      } catch (IOException | RuntimeException e) {
        collection.close();
        throw e;
      }
    }
    TrueTypeFont ttf = new TTFParser().parse(new RandomAccessReadBufferedFile(choice.path().toFile()));
    try {
      return new LoadedFont(PDType0Font.load(document, ttf, true), ttf.getUnicodeCmapLookup(), ttf);
    } catch (IOException | RuntimeException e) {
      ttf.close();
      throw e;
    }
  }

  /** The face of the file that PDFBox can embed and that has Chinese glyphs, or null. */
  private static String usableFace(Path path) throws IOException {
    List<String> faces = new ArrayList<>();
    if (isCollection(path)) {
      try (TrueTypeCollection collection = new TrueTypeCollection(path.toFile())) {
        collection.processAllFonts(ttf -> {
          if (embeddable(ttf)) {
            faces.add(ttf.getName());
          }
        });
      }
    } else {
      try (TrueTypeFont ttf = new TTFParser().parse(new RandomAccessReadBufferedFile(path.toFile()))) {
        if (embeddable(ttf)) {
          faces.add(ttf.getName());
        }
      }
    }
    for (String face : faces) {
      String upper = face.toUpperCase(Locale.ROOT);
      if (upper.contains("SC") || upper.contains("GB")) {
        return face;
      }
    }
    return faces.isEmpty() ? null : faces.get(0);
  }

  /** Whether PDFBox can subset this face (TrueType outlines, not CFF) and it has the probe's glyphs. */
  private static boolean embeddable(TrueTypeFont ttf) throws IOException {
    if (ttf instanceof org.apache.fontbox.ttf.OpenTypeFont otf && otf.isPostScript()) {
      return false;
    }
    var cmap = ttf.getUnicodeCmapLookup(false);
    if (cmap == null) {
      return false;
    }
    for (int i = 0; i < PROBE.length(); i++) {
      if (cmap.getGlyphId(PROBE.charAt(i)) <= 0) {
        return false;
      }
    }
    try (PDDocument probe = new PDDocument()) {
      PDType0Font.load(probe, ttf, true);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean isCollection(Path path) {
    return path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".ttc");
  }
}
