package io.drover.scheduler.api;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.scheduler.job.InvalidJobException;
import org.junit.jupiter.api.Test;

class ParamsLimitTest {

  @Test
  void paramsThatWouldNotFitTheColumnWholeAreRefused() {
    assertThatCode(() -> JobValidator.checkParams(null)).doesNotThrowAnyException();
    assertThatCode(() -> JobValidator.checkParams("x".repeat(65_535))).doesNotThrowAnyException();
    assertThatThrownBy(() -> JobValidator.checkParams("x".repeat(65_536)))
        .isInstanceOf(InvalidJobException.class).hasMessageContaining("at most 65535 bytes");
    // counted in bytes: 30,000 three-byte characters are 90,000 bytes
    assertThatThrownBy(() -> JobValidator.checkParams("€".repeat(30_000))).isInstanceOf(InvalidJobException.class);
  }
}
