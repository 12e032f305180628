"""A throwaway SolrCloud on this machine, for the tests and the benchmarks.

It runs the project's launcher (solr/, built by `make solr-build`): ZooKeeper
and Solr nodes in one JVM (Solr's test framework), on free ports, in a
temporary folder that is removed afterwards. The launcher obeys "stop I" /
"start I" on its standard input, so a test can take a node down and bring it
back. `make solr` runs the same launcher for everyday use, with fixed ports.
"""
import json
import os
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SOLR_MODULE = ROOT / "solr"
TEST_HEAP = "-Xmx768m"


def launcher_command(java_options=()):
    classpath_file = SOLR_MODULE / "target" / "classpath.txt"
    classes = SOLR_MODULE / "target" / "classes"
    if not classpath_file.is_file() or not classes.is_dir():
        return None
    classpath = f"{classes}:{classpath_file.read_text().strip()}"
    return ["java", *java_options, "-cp", classpath, "archive.solr.LocalCloud"]


class LocalCloud:
    """Start with LocalCloud(); `urls` lists the nodes; close() stops everything and removes the folder."""

    def __init__(self, nodes=2, heap=TEST_HEAP, folder=None):
        self.own_folder = folder is None
        self.folder = folder or tempfile.mkdtemp(prefix="archive-solr-")
        command = launcher_command([heap, "-XX:+UseSerialGC", f"-Darchive.solr.log={self.folder}/solr.log"])
        if command is None:
            raise RuntimeError("the Solr launcher is not built; run `make test-solr` (or mvn -f solr/pom.xml package)")
        with open(f"{self.folder}/launcher.err", "w") as errors:
            self.process = subprocess.Popen(
                [*command, "--nodes", str(nodes), "--port", "0", "--dir", f"{self.folder}/cloud", "--control"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors, text=True, bufsize=1,
                cwd=self.folder,
            )
        ready = self._answer()
        self.urls = ready["urls"]
        self.zk_host = ready["zkHost"]

    def _answer(self):
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"the Solr launcher stopped; see {self.folder}/launcher.err and solr.log")
        return json.loads(line)

    def command(self, text):
        self.process.stdin.write(text + "\n")
        self.process.stdin.flush()
        answer = self._answer()
        if "error" in answer:
            raise RuntimeError(f"launcher: {answer['error']}")
        return answer

    def stop_node(self, index):
        return self.command(f"stop {index}")

    def start_node(self, index):
        return self.command(f"start {index}")

    @property
    def pid(self):
        return self.process.pid

    def close(self):
        if self.process.poll() is None:
            try:
                self.process.stdin.write("quit\n")
                self.process.stdin.flush()
                self.process.wait(60)
            except (OSError, subprocess.TimeoutExpired):
                self.process.kill()
                self.process.wait()
        if self.own_folder and not os.environ.get("ARCHIVE_KEEP_SOLR_LOGS"):
            subprocess.run(["rm", "-rf", self.folder], check=False)
