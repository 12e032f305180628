"""Settings read from the environment: a wrong value gets a clear message."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_check(tmp_path, **env):
    environment = {**os.environ, "ARCHIVE_DATA_DIR": str(tmp_path), **env}
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def test_a_number_setting_that_is_not_a_number_is_named(tmp_path):
    result = run_check(tmp_path, ARCHIVE_NER_PROCESSES="two")
    assert result.returncode != 0
    assert "ARCHIVE_NER_PROCESSES must be a number, not 'two'" in result.stderr


def test_the_data_folder_comes_from_the_environment(tmp_path):
    result = run_check(tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "secret_key").exists()
