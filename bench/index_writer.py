"""Whoosh's own writer against the bulk writer (rebuild_index's path) on the same synthetic documents.

    python bench/index_writer.py --documents 5000 [--processes 1] [--json OUT]

The documents are made from bench/synthetic.py articles the way the index
holds them (title, lede + body + entity names, name fields, columns), without a
database, so only the writing is timed. Each writer fills an empty index in a
temporary folder; the figures are wall time, CPU time (this process and its
worker processes) and documents per second, with the load average. The two
indexes are then compared (document count, every term with its document
frequency), so a fast but different index is reported as a failure.
"""
import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.benchlib import write_figures  # noqa: E402
from bench.synthetic import AGENCIES, SITES, generate, load_corpus  # noqa: E402


def _documents(count):
    from archive.search import vocabulary as v
    from archive.search.documents import day_number
    from archive.search.schema import whoosh_document

    corpus = load_corpus()
    entity_ids, section_ids = {}, {}
    documents = []
    for record in generate(corpus, count):
        names = {field: [] for field in v.NAME_FIELDS}
        packed = set()
        for kind, name in record["entities"]:
            field = kind if kind in names else v.ORGANISATION
            names[field].append(name)
            packed.add(v.pack_entity(entity_ids.setdefault((kind, name), len(entity_ids) + 1), kind))
        number = record["number"] + 1
        all_names = [name for field_names in names.values() for name in field_names]
        documents.append(whoosh_document({
            v.ID: str(number),
            v.VERSION: f"{number}",
            v.TITLE: record["title"],
            v.CONTENT: "\n\n".join(filter(None, [record["lede"], record["body"], " . ".join(all_names)])),
            **{field: " . ".join(names[field]) for field in v.NAME_FIELDS},
            v.SPELL: record["title"],
            v.ARTICLE: number,
            v.DAY: day_number(record["day"]),
            v.SECTION_ID: section_ids.setdefault(record["section"], len(section_ids) + 1),
            v.SITE_ID: SITES.index(record["site"]) + 1,
            v.AGENCY_IDS: [AGENCIES.index(a) + 1 for a in record["agencies"]],
            v.ENTITY_IDS: sorted(packed),
            v.FILING_IDS: [],
        }))
    return documents


def _cpu_seconds():
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _whoosh_writer(ix, documents, processes):
    """What rebuild_index did before the bulk writer: Whoosh's writer, one segment per process."""
    options = {"limitmb": 256}
    if processes > 1:
        options.update(procs=processes, multisegment=True)
    writer = ix.writer(**options)
    for document in documents:
        writer.add_document(**document)
    writer.commit()


def _bulk_writer(ix, documents, processes):
    from archive.search.bulk import build_generation

    build_generation(ix, [documents[i:i + 500] for i in range(0, len(documents), 500)], processes=processes)


def _timed(write, documents, processes, folder):
    from whoosh import index

    from archive.search.schema import build_schema

    ix = index.create_in(str(folder), build_schema())
    started, cpu = time.perf_counter(), _cpu_seconds()
    write(ix, documents, processes)
    wall, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
    size = sum(f.stat().st_size for f in Path(folder).iterdir() if f.is_file())
    return {"wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "documents_per_s": round(len(documents) / wall),
            "documents_per_cpu_s": round(len(documents) / cpu), "mb_on_disk": round(size / 2**20, 1)}, ix


def _terms(ix):
    with ix.reader() as reader:
        return reader.doc_count(), {(f, t): reader.doc_frequency(f, t) for f, t in reader.all_terms()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=5000)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--json", dest="json_out")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("ARCHIVE_DATA_DIR", tmp)
        import django

        django.setup()
        documents = _documents(args.documents)
        figures = {"documents": len(documents), "processes": args.processes, "load_average_start": os.getloadavg()}
        indexes = {}
        for name, write in (("whoosh_writer", _whoosh_writer), ("bulk_writer", _bulk_writer)):
            folder = Path(tmp) / name
            folder.mkdir()
            figures[name], indexes[name] = _timed(write, documents, args.processes, folder)
            print(name, figures[name], flush=True)
        figures["same_documents_and_terms"] = _terms(indexes["whoosh_writer"]) == _terms(indexes["bulk_writer"])
    figures["cpu_speedup"] = round(figures["whoosh_writer"]["cpu_s"] / figures["bulk_writer"]["cpu_s"], 2)
    figures["wall_speedup"] = round(figures["whoosh_writer"]["wall_s"] / figures["bulk_writer"]["wall_s"], 2)
    figures["load_average_end"] = os.getloadavg()
    print(json.dumps(figures, indent=2))
    write_figures(args.json_out, figures)
    if not figures["same_documents_and_terms"]:
        sys.exit("the two writers wrote different indexes")


if __name__ == "__main__":
    main()
