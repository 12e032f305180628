"""Pieces the import benchmarks share: the Reuters files, peak memory and the JSON figures file."""
import json
import os
import resource
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def reuters_files() -> list[Path]:
    """The reut2-*.sgm files of Reuters-21578 in the test data folder (ARCHIVE_TEST_DATA), in order."""
    root = Path(os.environ.get("ARCHIVE_TEST_DATA", ROOT.parent / "shared" / "data")) / "reuters21578"
    return sorted(root.glob("reut2-*.sgm"))


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    """Peak resident memory in MB of this process (RUSAGE_SELF) or of its largest child (RUSAGE_CHILDREN)."""
    return resource.getrusage(who).ru_maxrss / 1024


def write_figures(path: str | None, figures: dict) -> None:
    """Write the figures as JSON to path (its folder is made) and say so; nothing when path is empty."""
    if not path:
        return
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(json.dumps(figures, indent=2) + "\n")
    print(f"wrote {path}")
