package io.sharpstep.jobs;

/**
 * Receives a job's events on the thread that runs the job. Implementations that drive a UI move them onto their
 * UI thread themselves.
 */
@FunctionalInterface
public interface JobListener {
    JobListener NONE = e -> { };

    void on(JobEvent event);
}
