package dev.pixelprivacy.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BehindTest {

    /** A task that records its number once the gate opens. */
    private static Runnable recording(List<Integer> done, int n, CountDownLatch gate) {
        return () -> {
            try {
                if (!gate.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the gate never opened");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            done.add(n);
        };
    }

    @Test
    void tasksRunInSubmissionOrderAndCloseWaitsForAll() {
        List<Integer> done = new CopyOnWriteArrayList<>();
        CountDownLatch open = new CountDownLatch(0);
        try (Behind behind = new Behind(true, 3, Long.MAX_VALUE)) {
            for (int i = 0; i < 20; i++) {
                behind.submit(recording(done, i, open), 0);
            }
        }
        assertThat(done).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19);
    }

    @Test
    void upToMaxPendingTasksWaitWithoutBlockingTheCaller() {
        List<Integer> done = new CopyOnWriteArrayList<>();
        CountDownLatch gate = new CountDownLatch(1);
        try (Behind behind = new Behind(true, 3, Long.MAX_VALUE)) {
            for (int i = 0; i < 3; i++) {
                behind.submit(recording(done, i, gate), 10);
            }
            // all three were accepted while the first still waits at the gate
            assertThat(behind.pending()).isEqualTo(3);
            assertThat(done).isEmpty();
            gate.countDown();
            behind.submit(recording(done, 3, gate), 10); // waits for the oldest, then fits
            assertThat(done).startsWith(0);
            assertThat(behind.pending()).isLessThanOrEqualTo(3);
        }
        assertThat(done).containsExactly(0, 1, 2, 3);
    }

    @Test
    void aTaskWhoseBytesExceedTheBoundWaitsUntilNothingElseIsPending() {
        List<Integer> done = new CopyOnWriteArrayList<>();
        CountDownLatch gate = new CountDownLatch(1);
        try (Behind behind = new Behind(true, 8, 100)) {
            behind.submit(recording(done, 0, gate), 60);
            behind.submit(recording(done, 1, gate), 40); // 60 + 40 fits the bound of 100
            assertThat(behind.pending()).isEqualTo(2);
            gate.countDown();
            behind.submit(recording(done, 2, gate), 500); // alone above the bound: the other two finish first
            assertThat(done).containsExactly(0, 1);
            assertThat(behind.pending()).isEqualTo(1);
        }
        assertThat(done).containsExactly(0, 1, 2);
    }

    @Test
    void aFailedTaskStopsTheLaterOnesAndIsRethrownToTheCaller() {
        List<Integer> done = new CopyOnWriteArrayList<>();
        CountDownLatch gate = new CountDownLatch(1);
        Behind behind = new Behind(true, 4, Long.MAX_VALUE);
        behind.submit(recording(done, 0, gate), 0);
        behind.submit(() -> {
            throw new IllegalStateException("disk full");
        }, 0);
        behind.submit(recording(done, 2, gate), 0);
        gate.countDown();
        assertThatThrownBy(behind::close).isInstanceOf(IllegalStateException.class).hasMessage("disk full");
        assertThat(done).containsExactly(0);
    }

    @Test
    void theNextSubmitRethrowsWhatAnEarlierTaskThrew() throws Exception {
        Behind behind = new Behind(true, 4, Long.MAX_VALUE);
        CountDownLatch thrown = new CountDownLatch(1);
        behind.submit(() -> {
            thrown.countDown();
            throw new IllegalStateException("cannot write a.png");
        }, 0);
        assertThat(thrown.await(30, TimeUnit.SECONDS)).isTrue();
        List<Integer> done = new CopyOnWriteArrayList<>();
        // the task may still be on its way out when the latch opens: within maxPending submits, one waits for it
        assertThatThrownBy(() -> {
            for (int i = 0; i < 1000; i++) {
                behind.submit(recording(done, i, new CountDownLatch(0)), 0);
            }
        }).isInstanceOf(IllegalStateException.class).hasMessage("cannot write a.png");
        behind.close();
        assertThat(done).isEmpty();
    }

    @Test
    void inlineTasksRunInSubmit() {
        List<Thread> ranOn = new CopyOnWriteArrayList<>();
        try (Behind behind = new Behind(false, 1, 0)) {
            behind.submit(() -> ranOn.add(Thread.currentThread()), 1_000_000);
            assertThat(ranOn).containsExactly(Thread.currentThread());
            assertThat(behind.pending()).isZero();
        }
    }

    @Test
    void boundsAreChecked() {
        assertThatThrownBy(() -> new Behind(true, 0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxPending must be >= 1 but was 0");
        assertThatThrownBy(() -> new Behind(true, 1, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxPendingBytes must be >= 0 but was -1");
    }
}
