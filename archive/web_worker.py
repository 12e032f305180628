"""gunicorn's threaded worker, made to share the visitors among the worker processes.

Every worker process waits on the same listening socket, and the one the
kernel wakes first takes the connection; a kept-alive connection then stays
with that process for all its requests. Clients that open their connections
together (a page's assets, a crawler, a proxy's pool) were thus often all
taken by one process: under bench/load.py one of five held 24 of 30
connections and ran 37 s of CPU in 40 while the other four ran 2-7 s, so the
site ran on one core of two, its requests queueing behind that process's
interpreter lock. Two rules spread them:

- a process takes no new connection while all its threads are busy, so the
  next idle process takes it;
- a kept-alive connection is closed after `ARCHIVE_WEB_KEEPALIVE_REQUESTS`
  requests (its last answer says "Connection: close", so the client opens a
  new one without losing a request), so the connections of a busy process
  move, over time, to processes with room.

gunicorn.conf.py names this class, whatever the number of threads.
"""
from django.conf import settings
from gunicorn.workers.gthread import ThreadWorker


class SpreadingThreadWorker(ThreadWorker):
    """ThreadWorker that accepts only with a free thread and ends a connection after a number of requests."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.requests_per_connection = settings.ARCHIVE_WEB_KEEPALIVE_REQUESTS
        self.in_flight = 0  # requests handed to the thread pool and not finished; counted on the main thread

    def has_free_thread(self):
        return self.in_flight < self.cfg.threads

    def set_accept_enabled(self, enabled):
        super().set_accept_enabled(enabled and self.has_free_thread())

    def enqueue_req(self, conn):
        self.in_flight += 1
        if not self.has_free_thread():
            self.set_accept_enabled(False)
        super().enqueue_req(conn)

    def finish_request(self, conn, fs):
        self.in_flight -= 1
        try:
            super().finish_request(conn, fs)
        finally:
            if self.alive and self.nr_conns < self.worker_connections:
                self.set_accept_enabled(True)

    def handle_request(self, req, conn):
        conn.requests_served = getattr(conn, "requests_served", 0) + 1
        if self.requests_per_connection and conn.requests_served >= self.requests_per_connection:
            req.force_close()
        return super().handle_request(req, conn)
