"""manage.py as an operator meets it: in a pipeline, and before the database is set up."""
import os
import subprocess
import sys
from pathlib import Path

from tests.ingest.import_helpers import layout_a, write_pages

ROOT = Path(__file__).resolve().parent.parent


def environment(tmp_path):
    # A fresh SQLite archive in tmp_path, whichever database the rest of the suite runs on.
    inherited = {k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL")}
    return {**inherited, "ARCHIVE_DATA_DIR": str(tmp_path / "data")}


def test_a_reader_that_stops_early_ends_the_command_quietly(tmp_path):
    folder = write_pages(tmp_path / "pages", {f"{n:03d}.txt": layout_a(title=f"Story number {n}") for n in range(400)})
    command = [sys.executable, "manage.py", "import_pages", "--dry-run", "--json", str(folder)]
    process = subprocess.Popen(command, cwd=ROOT, env=environment(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = process.stdout.readline()
    process.stdout.close()  # as `| head -1` does
    stderr = process.stderr.read().decode()
    process.wait(timeout=120)
    assert first.startswith(b"{")
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr, stderr


def test_commands_before_migrate_say_to_migrate(tmp_path):
    for command in (["search", "bank"], ["check_index"], ["extract_entities"]):
        result = subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=environment(tmp_path), capture_output=True, text=True
        )
        assert result.returncode != 0, command
        assert "manage.py migrate" in result.stderr and "Traceback" not in result.stderr, (command, result.stderr)
