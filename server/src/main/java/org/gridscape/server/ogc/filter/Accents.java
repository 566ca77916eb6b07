package org.gridscape.server.ogc.filter;

/**
 * ACCENTI: letters with diacritics to their base letters, the same table in SQL ({@code TRANSLATE},
 * which both databases have) and in Java (for literals), so both sides of a comparison agree. Covers
 * Latin-1 and Latin Extended-A, and pinyin tone marks (ǎ ǐ ǒ ǔ ǖ ǘ ǚ ǜ); Chinese characters carry no
 * accents.
 */
final class Accents {

  static final String FROM = "ÀÁÂÃÄÅàáâãäåĀāĂăĄąǍǎÇçĆćĈĉĊċČčĎďĐđÈÉÊËèéêëĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĦħÌÍÎÏìíîïĨĩĪīĬĭĮįİıǏǐ"
      + "ĴĵĶķĹĺĻļĽľĿŀŁłÑñŃńŅņŇňÒÓÔÕÖØòóôõöøŌōŎŏŐőǑǒŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŦŧÙÚÛÜùúûüŨũŪūŬŭŮůŰűŲųǓǔǕǖǗǘǙǚǛǜ"
      + "ŴŵÝýÿŶŷŸŹźŻżŽž";
  static final String TO = "AAAAAAaaaaaaAaAaAaAaCcCcCcCcCcDdDdEEEEeeeeEeEeEeEeEeGgGgGgGgHhHhIIIIiiiiIiIiIiIiIiIi"
      + "JjKkLlLlLlLlLlNnNnNnNnOOOOOOooooooOoOoOoOoRrRrRrSsSsSsSsTtTtTtUUUUuuuuUuUuUuUuUuUuUuUuUuUuUu"
      + "WwYyyYyYZzZzZz";

  static {
    if (FROM.length() != TO.length()) {
      throw new ExceptionInInitializerError("accent table out of step: " + FROM.length() + " vs " + TO.length());
    }
  }

  private Accents() {}

  static String strip(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      int at = FROM.indexOf(c);
      out.append(at < 0 ? c : TO.charAt(at));
    }
    return out.toString();
  }
}
