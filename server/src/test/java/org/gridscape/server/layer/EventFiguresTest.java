package org.gridscape.server.layer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventFiguresTest {

  @Test
  void closureRateIsAPercentageWithOneDecimal() {
    assertThat(EventFigures.figures(6_052, 5_419)).containsEntry("received", 6_052L).containsEntry("closed", 5_419L)
        .containsEntry("closureRate", 89.5);
    assertThat(EventFigures.figures(3, 2)).containsEntry("closureRate", 66.7);
    assertThat(EventFigures.figures(0, 0)).containsEntry("closureRate", 0.0);
  }
}
