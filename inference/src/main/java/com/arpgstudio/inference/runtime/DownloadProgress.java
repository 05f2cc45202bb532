package com.arpgstudio.inference.runtime;

import java.time.Duration;
import java.util.Optional;

/**
 * One progress report of a download.
 *
 * @param fileName       the file being downloaded
 * @param bytesDone      bytes on disk so far, including those of an earlier, resumed attempt
 * @param totalBytes     the file's size, or -1 while the server has not said
 * @param bytesPerSecond the recent transfer rate (smoothed), 0 before the first measurement
 * @param note           what is happening besides the transfer ("connection lost, trying again in
 *                       4 s"), or ""
 */
public record DownloadProgress(String fileName, long bytesDone, long totalBytes, double bytesPerSecond, String note) {

    public DownloadProgress(String fileName, long bytesDone, long totalBytes, double bytesPerSecond) {
        this(fileName, bytesDone, totalBytes, bytesPerSecond, "");
    }

    /** Fraction done in [0, 1], or -1 when the total is unknown. */
    public double fraction() {
        return fraction(bytesDone, totalBytes);
    }

    /** Time left at the current rate; empty while the total or the rate is unknown. */
    public Optional<Duration> timeLeft() {
        return timeLeft(bytesDone, totalBytes, bytesPerSecond);
    }

    static double fraction(long done, long total) {
        return total > 0 ? Math.min(1.0, (double) done / total) : -1;
    }

    static Optional<Duration> timeLeft(long done, long total, double bytesPerSecond) {
        if (total < 0 || bytesPerSecond <= 0) {
            return Optional.empty();
        }
        double seconds = Math.max(0, total - done) / bytesPerSecond;
        return Optional.of(Duration.ofMillis((long) (seconds * 1000)));
    }
}
