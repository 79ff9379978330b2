package io.drover.scheduler.dispatch;

import io.drover.protocol.Message;
import io.drover.protocol.Redirect;
import io.drover.protocol.Reject;

/** The answer to a worker's HELLO: welcome into an app this server leads, or a REDIRECT / REJECT to send. */
public record Admission(AppLink link, Message refusal) {
  public static Admission welcome(AppLink link) {
    return new Admission(link, null);
  }

  public static Admission redirect(Redirect redirect) {
    return new Admission(null, redirect);
  }

  public static Admission reject(String reason, boolean retryable) {
    return new Admission(null, new Reject(reason, retryable));
  }
}
