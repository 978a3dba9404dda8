package io.deltalens.internal.engine;

import io.delta.kernel.utils.CloseableIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading ahead keeps the order, passes the source's failure on, and stops the source when closed. */
class PrefetchTest {
  /** Counts 0.. up to {@code size}, failing at {@code failAt}; counts down {@code closed} when closed. */
  static CloseableIterator<Integer> numbers(int size, int failAt, CountDownLatch closed, AtomicInteger produced) {
    return new CloseableIterator<>() {
      int next;

      @Override
      public boolean hasNext() {
        return next < size;
      }

      @Override
      public Integer next() {
        if (next == failAt) {
          throw new IllegalStateException("broken at " + next);
        }
        produced.incrementAndGet();
        return next++;
      }

      @Override
      public void close() {
        closed.countDown();
      }
    };
  }

  @Test
  void keepsTheOrderAndClosesTheSource() throws Exception {
    CountDownLatch closed = new CountDownLatch(1);
    List<Integer> seen = new ArrayList<>();
    try (CloseableIterator<Integer> ahead = Prefetch.ahead(numbers(10_000, -1, closed, new AtomicInteger()))) {
      ahead.forEachRemaining(seen::add);
    }
    assertEquals(10_000, seen.size());
    for (int i = 0; i < seen.size(); i++) {
      assertEquals(i, seen.get(i));
    }
    assertTrue(closed.await(5, TimeUnit.SECONDS));
  }

  @Test
  void theSourcesFailureReachesTheCaller() {
    CloseableIterator<Integer> ahead =
        Prefetch.ahead(numbers(100, 42, new CountDownLatch(1), new AtomicInteger()));
    List<Integer> seen = new ArrayList<>();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> ahead.forEachRemaining(seen::add));
    assertEquals("broken at 42", e.getMessage());
    assertFalse(ahead.hasNext());
  }

  @Test
  void closingEarlyStopsTheSource() throws Exception {
    CountDownLatch closed = new CountDownLatch(1);
    AtomicInteger produced = new AtomicInteger();
    CloseableIterator<Integer> ahead = Prefetch.ahead(numbers(Integer.MAX_VALUE, -1, closed, produced));
    assertEquals(0, ahead.next());
    ahead.close();
    assertTrue(closed.await(5, TimeUnit.SECONDS), "the source was closed");
    int after = produced.get();
    Thread.sleep(50);
    assertEquals(after, produced.get(), "nothing read after close");
    assertTrue(after < 100, "read only a little ahead: " + after);
  }

  @Test
  void aReaderThatEndsWithoutAWordFailsTheCallerInsteadOfHangingIt() {
    // the producer stops mid-way without queuing its failure (as when out of memory there is no room to):
    // here an interrupt it did not ask for ends it
    CloseableIterator<Integer> source = new CloseableIterator<>() {
      int next;

      @Override
      public boolean hasNext() {
        return true;
      }

      @Override
      public Integer next() {
        if (next == 5) {
          Thread.currentThread().interrupt();
        }
        return next++;
      }

      @Override
      public void close() {}
    };
    CloseableIterator<Integer> ahead = Prefetch.ahead(source);
    List<Integer> seen = new ArrayList<>();
    IllegalStateException e = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
        java.time.Duration.ofSeconds(10), () -> assertThrows(IllegalStateException.class,
            () -> ahead.forEachRemaining(seen::add)));
    assertEquals("the reader ended without its last batch", e.getMessage());
    assertEquals(List.of(0, 1, 2, 3, 4), seen);
  }
}
