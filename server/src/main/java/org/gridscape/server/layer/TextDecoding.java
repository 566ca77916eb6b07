package org.gridscape.server.layer;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Text of an uploaded table: UTF-8 when the bytes are valid UTF-8, otherwise GBK (what Excel on a
 * Chinese Windows saves as "CSV"). A leading byte-order mark is dropped.
 */
final class TextDecoding {

  static final Charset GBK = Charset.forName("GBK");

  private TextDecoding() {}

  /** The decoded text and the charset it was read with. */
  record Decoded(String text, Charset charset) {
    Decoded {
      if (text == null || charset == null) {
        throw new IllegalArgumentException("text and charset required");
      }
    }
  }

  static Decoded decode(byte[] bytes) {
    int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF
        ? 3 : 0;
    ByteBuffer input = ByteBuffer.wrap(bytes, start, bytes.length - start);
    try {
      CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(input);
      return new Decoded(stripBom(chars.toString()), StandardCharsets.UTF_8);
    } catch (CharacterCodingException notUtf8) {
      // Only UTF-8 has a BOM of these bytes; anything that is not UTF-8 is taken as GBK.
      return new Decoded(stripBom(new String(bytes, GBK)), GBK);
    }
  }

  private static String stripBom(String s) {
    return !s.isEmpty() && s.charAt(0) == '\uFEFF' ? s.substring(1) : s;
  }
}
