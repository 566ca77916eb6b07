package org.gridscape.server.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SyntheticIdentityTest {

  @Test
  void checkCharacterFollowsGb11643() {
    // The worked example of GB 11643-1999.
    assertThat(SyntheticIdentity.checkCharacter("11010519491231002")).isEqualTo('X');
    assertThat(SyntheticIdentity.checkCharacter("44052418800101001")).isEqualTo('4');
  }

  @Test
  void numbersAreUniqueEvenForCrowdedBirthDays() {
    SyntheticIdentity ids = new SyntheticIdentity(0);
    SplittableRandom rng = new SplittableRandom(1);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 20_000; i++) {
      String id = ids.idNumber(1990, i % 2 == 0, rng);
      assertThat(seen.add(id)).isTrue();
      assertThat(SyntheticIdentity.isSynthetic(id)).isTrue();
      assertThat((id.charAt(16) - '0') % 2 == 0).isEqualTo(i % 2 != 0);
    }
  }

  @Test
  void realLookingNumbersAreNotSynthetic() {
    assertThat(SyntheticIdentity.isSynthetic("11010519491231002X")).isFalse();
    // Real county of the district (惠安县 350521), even with a 9xx sequence.
    String real = "35052119900101901";
    assertThat(SyntheticIdentity.isSynthetic(real + SyntheticIdentity.checkCharacter(real))).isFalse();
    String badDate = "35059919900230901";
    assertThat(SyntheticIdentity.isSynthetic(badDate + SyntheticIdentity.checkCharacter(badDate))).isFalse();
    String good = "35059919900131901";
    assertThat(SyntheticIdentity.isSynthetic(good + SyntheticIdentity.checkCharacter(good))).isTrue();
    assertThat(SyntheticIdentity.isSynthetic(good + (SyntheticIdentity.checkCharacter(good) == '1' ? '2' : '1')))
        .isFalse();
  }

  @Test
  void copiesUseTheirOwnRegionAndPhoneRanges() {
    SyntheticIdentity third = new SyntheticIdentity(2);
    assertThat(third.idNumber(1980, true, new SplittableRandom(3))).startsWith("350597");
    assertThat(third.residentPhone()).isEqualTo("17002000000");
    assertThat(third.workerPhone()).isEqualTo("17099020000");
    assertThat(third.name(new SplittableRandom(3))).matches("\\p{IsHan}某1");
  }
}
