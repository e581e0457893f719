package xmpp.router.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import xmpp.core.route.IqHandler;
import xmpp.core.stanza.StanzaError;
import xmpp.core.stanza.StanzaException;
import xmpp.core.xml.Element;

/**
 * How one handler's requests run: the seed's IQ disciplines. Every lane answers each request
 * exactly once, and a handler that throws costs one {@code internal-server-error}.
 */
abstract sealed class Lane {

    private static final System.Logger log = System.getLogger(Lane.class.getName());

    final IqHandler handler;
    final String owner;
    final String discipline;

    private Lane(IqHandler handler, String owner, String discipline) {
        this.handler = handler;
        this.owner = owner;
        this.discipline = discipline;
    }

    static Lane of(String discipline, IqHandler handler, String owner, int queueLimit, int parallelLimit) {
        return switch (discipline) {
            case IqHandler.NO_QUEUE -> new NoQueue(handler, owner);
            case IqHandler.PARALLEL -> new Parallel(handler, owner, parallelLimit);
            case IqHandler.ONE_QUEUE -> new OneQueue(handler, owner, queueLimit);
            default -> {
                log.log(System.Logger.Level.WARNING, "{0}: unknown {1} ''{2}''; using one_queue (choose no_queue, one_queue or parallel)",
                        owner, IqHandler.DISCIPLINE, discipline);
                yield new OneQueue(handler, owner, queueLimit);
            }
        };
    }

    /** Whether the lane times requests out; no_queue runs on the caller's thread, so it cannot. */
    boolean timed() {
        return true;
    }

    /** Runs the request now or later; a request the lane cannot take (full, or closing) is answered at once. */
    abstract void submit(IqRequest request);

    static void refuseClosed(IqRequest r) {
        r.answer(StanzaError.Condition.SERVICE_UNAVAILABLE, "the handler for " + r.iq().namespace() + " was removed");
    }

    /** Stops taking requests, answers queued ones with service-unavailable and waits up to {@code grace} for the running one. */
    abstract void close(Duration grace);

    /** Requests waiting; 0 for lanes without a queue. */
    int queued() {
        return 0;
    }

    final void run(IqRequest request) {
        if (request.isAnswered()) return;   // timed out while it waited: nobody wants the answer
        Element reply;
        try {
            reply = checked(handler.handle(request.iq()), request);
        } catch (StanzaException e) {
            reply = request.iq().errorReply(e.error());
        } catch (Exception | LinkageError e) {
            log.log(System.Logger.Level.ERROR, "IQ handler " + owner + " failed on " + request.iq().namespace() + " iq id '"
                    + request.iq().id() + "'; answered internal-server-error", e);
            reply = request.iq().errorReply(StanzaError.Condition.INTERNAL_SERVER_ERROR);
        }
        request.answer(reply);
    }

    private Element checked(Element reply, IqRequest request) {
        String id = request.iq().id();
        if (reply == null || !reply.name().equals("iq") || !reply.attr("id").equals(id)
                || !(reply.attr("type").equals("result") || reply.attr("type").equals("error"))) {
            log.log(System.Logger.Level.ERROR, "IQ handler {0} answered iq id ''{1}'' with {2}, not a result or error with that id; "
                    + "sent internal-server-error instead", owner, id, reply);
            return request.iq().errorReply(StanzaError.Condition.INTERNAL_SERVER_ERROR);
        }
        return reply;
    }

    /** no_queue: on the routing thread, for answers cheaper than a queue hop. */
    static final class NoQueue extends Lane {
        NoQueue(IqHandler handler, String owner) {
            super(handler, owner, IqHandler.NO_QUEUE);
        }

        @Override
        boolean timed() {
            return false;
        }

        @Override
        void submit(IqRequest request) {
            run(request);
        }

        @Override
        void close(Duration grace) {
            // nothing queued, nothing owned: each request ran on its caller's thread
        }
    }

    /** parallel: each request on its own virtual thread, at most {@code limit} at once. */
    static final class Parallel extends Lane {
        private final int limit;
        // Held until the handler returns, not until the request is answered: a request that
        // timed out still occupies its thread, and a flood must not pile up such threads.
        private final Semaphore running;
        private volatile boolean closed;

        Parallel(IqHandler handler, String owner, int limit) {
            super(handler, owner, IqHandler.PARALLEL);
            this.limit = limit;
            running = new Semaphore(limit);
        }

        @Override
        void submit(IqRequest request) {
            if (closed) {
                refuseClosed(request);
            } else if (!running.tryAcquire()) {
                request.answer(StanzaError.Condition.RESOURCE_CONSTRAINT, limit + " requests already run in " + owner);
            } else {
                Thread.ofVirtual().name("iq-" + owner).start(() -> {
                    try {
                        run(request);
                    } finally {
                        running.release();
                    }
                });
            }
        }

        @Override
        void close(Duration grace) {
            closed = true;   // running requests finish on their own threads, or time out
        }
    }

    /** one_queue: one request at a time, in arrival order, on the lane's own virtual thread. */
    static final class OneQueue extends Lane {
        private final BlockingQueue<IqRequest> queue;
        private final Thread worker;
        private volatile boolean closed;
        private volatile boolean busy;

        OneQueue(IqHandler handler, String owner, int limit) {
            super(handler, owner, IqHandler.ONE_QUEUE);
            queue = new LinkedBlockingQueue<>(limit);   // a node per waiting request: an idle handler holds no slots
            worker = Thread.ofVirtual().name("iq-queue-" + owner).start(this::work);
        }

        @Override
        int queued() {
            return queue.size();
        }

        @Override
        void submit(IqRequest request) {
            if (closed) {
                refuseClosed(request);
            } else if (!queue.offer(request)) {
                request.answer(StanzaError.Condition.RESOURCE_CONSTRAINT, queue.size() + " requests already wait for " + owner);
            } else if (closed) {
                unqueue();   // closed while we offered: do not leave it behind
            }
        }

        private void work() {
            while (!closed) {
                IqRequest request;
                try {
                    request = queue.take();
                } catch (InterruptedException e) {
                    continue;   // close() woke us: the loop sees closed
                }
                busy = true;
                Thread.interrupted();   // an interrupt meant for the idle worker must not reach the handler
                try {
                    run(request);
                } finally {
                    busy = false;
                }
            }
        }

        @Override
        void close(Duration grace) {
            closed = true;
            unqueue();
            if (!busy) worker.interrupt();   // wakes an idle take(); a running handler is left to finish
            try {
                if (!worker.join(grace))
                    log.log(System.Logger.Level.WARNING, "IQ handler {0} still runs {1} ms after its removal; its request has timed out",
                            owner, grace.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void unqueue() {
            List<IqRequest> left = new ArrayList<>();
            queue.drainTo(left);
            left.forEach(Lane::refuseClosed);
        }
    }
}
