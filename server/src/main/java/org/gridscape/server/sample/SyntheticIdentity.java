package org.gridscape.server.sample;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Names, ID numbers and phone numbers that are obviously synthetic and cannot belong to anyone.
 *
 * <ul>
 *   <li>Names: a common local surname + 某 + a number (陈某1024).</li>
 *   <li>ID numbers: GB 11643 layout (6-digit region, birth date, 3-digit sequence whose parity
 *       gives the sex, ISO 7064 MOD 11-2 check character) with region {@code 3505NN}, NN = 99
 *       minus the replica index (99 at scale 1). Quanzhou's counties use 350502-350583, so no real
 *       person holds a 350550-350599 number; the sequence is always 900-999 as a second marker.</li>
 *   <li>Phones: 11 digits, 170 + the 2-digit replica index + a 6-digit running number for
 *       residents, 17099 + a 6-digit running number for grid workers; numbers are sequential and
 *       were never checked against real subscribers.</li>
 * </ul>
 */
final class SyntheticIdentity {

  static final String[] SURNAMES = {"陈", "黄", "林", "王", "张", "李", "吴", "蔡", "郭", "许", "庄", "洪", "杨",
      "曾", "刘", "苏", "郑", "骆", "康", "白", "蒋", "柯", "卢", "何"};
  private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  private static final String CHECK = "10X98765432";

  /** Room for the workers of one replica in the shared 17099 phone range. */
  private static final int WORKER_PHONES_PER_REPLICA = 10_000;

  private final int replica;
  private final String region;
  private final Map<Integer, Integer> used = new HashMap<>();
  private int nextResidentPhone;
  private int nextWorkerPhone;
  private int nextName;

  SyntheticIdentity(int replica) {
    if (replica < 0 || replica > 49) {
      throw new IllegalArgumentException("replica must be 0..49");
    }
    this.replica = replica;
    this.region = "3505" + (99 - replica);
    this.nextWorkerPhone = replica * WORKER_PHONES_PER_REPLICA;
  }

  String name(SplittableRandom rng) {
    return SURNAMES[rng.nextInt(SURNAMES.length)] + "某" + (++nextName);
  }

  /** A unique ID number for someone born in {@code birthYear}. */
  String idNumber(int birthYear, boolean male, SplittableRandom rng) {
    LocalDate date = LocalDate.of(birthYear, 1, 1).plusDays(rng.nextInt(365));
    while (true) {
      int key = (date.getYear() * 10_000 + date.getMonthValue() * 100 + date.getDayOfMonth()) * 2 + (male ? 1 : 0);
      int k = used.merge(key, 1, Integer::sum) - 1;
      if (k < 50) {
        int seq = 900 + 2 * k + (male ? 1 : 0);
        String body = region + Digits.pad(date.getYear(), 4) + Digits.pad(date.getMonthValue(), 2)
            + Digits.pad(date.getDayOfMonth(), 2) + Digits.pad(seq, 3);
        return body + checkCharacter(body);
      }
      date = date.plusDays(1);
    }
  }

  String residentPhone() {
    if (nextResidentPhone > 999_999) {
      throw new IllegalStateException("resident phone range of replica " + replica + " exhausted");
    }
    return "170" + Digits.pad(replica, 2) + Digits.pad(nextResidentPhone++, 6);
  }

  String workerPhone() {
    return "17099" + Digits.pad(nextWorkerPhone++, 6);
  }

  static char checkCharacter(String body17) {
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      sum += (body17.charAt(i) - '0') * WEIGHTS[i];
    }
    return CHECK.charAt(sum % 11);
  }

  /** True for numbers of this synthetic scheme: right layout, region 350550-350599, sequence 9xx. */
  static boolean isSynthetic(String id) {
    if (id.length() != 18 || !id.substring(0, 17).chars().allMatch(Character::isDigit)) {
      return false;
    }
    int county = Integer.parseInt(id.substring(4, 6));
    if (!id.startsWith("3505") || county < 50 || id.charAt(14) != '9') {
      return false;
    }
    try {
      LocalDate.of(Integer.parseInt(id.substring(6, 10)), Integer.parseInt(id.substring(10, 12)),
          Integer.parseInt(id.substring(12, 14)));
    } catch (DateTimeException e) {
      return false;
    }
    return id.charAt(17) == checkCharacter(id.substring(0, 17));
  }
}
