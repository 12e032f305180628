"""The archive's WSGI application slowed down for the serving tests: each answer takes half a second
and names, in X-Process, the process that gave it."""
import os
import time

from archive.wsgi import application as archive_application

ANSWER_AFTER = 0.5


def application(environ, start_response):
    time.sleep(ANSWER_AFTER)

    def start(status, headers, exc_info=None):
        return start_response(status, [*headers, ("X-Process", str(os.getpid()))], exc_info)

    return archive_application(environ, start)
