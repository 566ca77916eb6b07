package org.gridscape.server.print;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDFontDescriptor;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * What the print tests check in a PDF, read back with PDFBox: one page of the expected size in points,
 * its text (extracted as a reader would copy it), and every font embedded (FontFile2 or FontFile3 in
 * its descriptor; a subset is fine).
 */
public final class PdfChecks {

  /** A PDF as the tests see it. */
  public record Read(int pages, float width, float height, String text, List<String> fonts, List<String> notEmbedded) {}

  private PdfChecks() {}

  public static Read read(byte[] pdf) throws IOException {
    try (PDDocument document = Loader.loadPDF(pdf)) {
      PDPage page = document.getPage(0);
      List<String> fonts = new ArrayList<>();
      List<String> notEmbedded = new ArrayList<>();
      PDResources resources = page.getResources();
      for (COSName name : resources.getFontNames()) {
        PDFont font = resources.getFont(name);
        fonts.add(font.getName());
        PDFontDescriptor descriptor = font instanceof PDType0Font type0
            ? type0.getDescendantFont().getFontDescriptor() : font.getFontDescriptor();
        if (descriptor == null || descriptor.getFontFile2() == null && descriptor.getFontFile3() == null) {
          notEmbedded.add(font.getName());
        }
      }
      return new Read(document.getNumberOfPages(), page.getMediaBox().getWidth(), page.getMediaBox().getHeight(),
          new PDFTextStripper().getText(document), fonts, notEmbedded);
    }
  }

  /** One page of {@code width} x {@code height} points (within half a point), fonts all embedded. */
  public static Read assertSheet(byte[] pdf, double width, double height) throws IOException {
    assertThat(new String(pdf, 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
    Read read = read(pdf);
    assertThat(read.pages()).isEqualTo(1);
    assertThat((double) read.width()).isCloseTo(width, org.assertj.core.data.Offset.offset(0.5));
    assertThat((double) read.height()).isCloseTo(height, org.assertj.core.data.Offset.offset(0.5));
    assertThat(read.fonts()).isNotEmpty();
    assertThat(read.notEmbedded()).as("fonts without FontFile2/FontFile3").isEmpty();
    return read;
  }
}
