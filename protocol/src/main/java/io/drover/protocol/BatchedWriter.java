package io.drover.protocol;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import java.util.concurrent.RejectedExecutionException;

/**
 * Writes messages to one channel from any thread and flushes them in bursts: each write runs on the channel's event
 * loop, and the first write since the last flush queues one flush behind the tasks already queued. Frames written
 * close together (dispatches from the timing wheel, reports from processors' threads) then leave in one socket write,
 * not one system call each. Every write is flushed: the state lives on the event loop alone, so a write that runs
 * after the queued flush finds none pending and queues the next. Writes keep their order.
 */
public final class BatchedWriter {
  private final Channel channel;
  /** A flush is queued on the event loop and has not run yet. Event loop only. */
  private boolean flushQueued;

  public BatchedWriter(Channel channel) {
    this.channel = channel;
  }

  /** Writes the message, flushed soon; the future completes when it was written to the socket (or failed). */
  public ChannelFuture write(Object message) {
    ChannelPromise promise = channel.newPromise();
    EventLoop loop = channel.eventLoop();
    if (loop.inEventLoop()) {
      writeOnLoop(message, promise);
    } else {
      try {
        loop.execute(() -> writeOnLoop(message, promise));
      } catch (RejectedExecutionException e) { // the event loop is shutting down
        promise.tryFailure(e);
      }
    }
    return promise;
  }

  private void writeOnLoop(Object message, ChannelPromise promise) {
    channel.write(message, promise);
    if (!flushQueued) {
      flushQueued = true;
      channel.eventLoop().execute(this::flush);
    }
  }

  private void flush() {
    flushQueued = false;
    channel.flush();
  }

  public Channel channel() {
    return channel;
  }
}
