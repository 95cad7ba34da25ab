package org.openhorde.worker;

import java.util.function.Supplier;

/**
 * The loop of the modes whose every popped job yields exactly one result, submitted by its own id: interrogation forms
 * and text generations. They share the AI Horde's submit refusals ({@code DuplicateGen}, {@code InvalidJobID}, another
 * worker's job); only the pop and submit routes and the work itself differ.
 */
abstract class OneResultWorkerLoop<J extends OneResultWorkerLoop.PoppedJob> extends WorkerLoop<J> {

    /** A job handed out by a pop, known by its id. */
    interface PoppedJob {
        String id();

        /** A short description for the console. */
        String describe();
    }

    OneResultWorkerLoop(Supplier<WorkerOptions> settings, HordeApi api, WorkerConsole console, WorkerStats stats,
                        String bridgeAgent, String unit) {
        super(settings, api, console, stats, bridgeAgent, unit);
    }

    @Override
    final String key(J job) {
        return job.id();
    }

    @Override
    final String describe(J job) {
        return job.describe();
    }

    @Override
    final int results(J job) {
        return 1;
    }

    /** {@code DuplicateGen}, {@code InvalidJobID}, another worker's job. */
    @Override
    final boolean finalRefusal(HordeReply reply) {
        return Refusals.isFinalForInterrogationSubmit(reply.status(), reply.rc(), reply.message());
    }

    @Override
    final boolean alreadyDelivered(HordeReply reply) {
        return Refusals.isAlreadyDelivered(reply.rc(), reply.message());
    }
}
