package org.openhorde.gateway.domain;

import java.util.List;

/**
 * A request's progress, derived at read time from the states of its jobs (never stored as counters, which a
 * replayed event would skew).
 *
 * @param shared whether the results go to the shared dataset (the rule applied at submit, not the client's wish)
 * @param r2     whether the client wants download URLs (true) or the images inline as base64
 */
public record RequestProgress(List<JobProgress> jobs, boolean shared, boolean r2) {

    public int waiting() {
        return count(JobState.WAITING);
    }

    public int processing() {
        return count(JobState.CLAIMED);
    }

    public int finished() {
        return (int) jobs.stream().filter(job -> job.state().finished()).count();
    }

    /** How often the request's jobs were given back to the queue (a worker faulted or let its claim time out). */
    public int restarted() {
        return jobs.stream().mapToInt(JobProgress::restarts).sum();
    }

    /** Every job reached its outcome, whatever it was. */
    public boolean done() {
        return jobs.stream().allMatch(job -> job.state().terminal());
    }

    /** A job failed for good; the job service faults the whole request then. */
    public boolean faulted() {
        return jobs.stream().anyMatch(job -> job.state() == JobState.FAULTED);
    }

    /** Centikudos consumed so far: price and tax of every delivered job. */
    public long consumed() {
        return jobs.stream().mapToLong(JobProgress::charged).sum();
    }

    public List<JobProgress> finishedJobs() {
        return jobs.stream().filter(job -> job.state().finished()).toList();
    }

    private int count(JobState state) {
        return (int) jobs.stream().filter(job -> job.state() == state).count();
    }
}
