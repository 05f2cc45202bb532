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
 */
public record DownloadProgress(String fileName, long bytesDone, long totalBytes, double bytesPerSecond) {

    /** Fraction done in [0, 1], or -1 when the total is unknown. */
    public double fraction() {
        return totalBytes > 0 ? Math.min(1.0, (double) bytesDone / totalBytes) : -1;
    }

    /** Time left at the current rate; empty while the total or the rate is unknown. */
    public Optional<Duration> timeLeft() {
        if (totalBytes < 0 || bytesPerSecond <= 0) {
            return Optional.empty();
        }
        double seconds = Math.max(0, totalBytes - bytesDone) / bytesPerSecond;
        return Optional.of(Duration.ofMillis((long) (seconds * 1000)));
    }
}
