#!/usr/bin/env python
"""Django's command-line utility for the archive."""
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    from django.core.management import execute_from_command_line
    from django.db import DatabaseError

    try:
        execute_from_command_line(sys.argv)
        sys.stdout.flush()  # here, so a closed pipe is caught below and not at exit
    except BrokenPipeError:
        # Whoever read the output stopped early (`manage.py search ... | head`): stop quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except DatabaseError as error:
        from archive.management import MIGRATE_HINT, migrations_pending

        if not migrations_pending():
            raise
        # A missing table: the database is older than the code.
        sys.stderr.write(f"error: the database is not set up for this version of the archive ({error}).\n")
        sys.stderr.write(MIGRATE_HINT + "\n")
        sys.exit(1)


if __name__ == "__main__":
    main()
