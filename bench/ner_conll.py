"""Named-entity quality on CoNLL-2003 and extraction throughput on Reuters-21578.

Quality. Each CoNLL test document (the text between -DOCSTART- lines) is
rebuilt from its tokens: tokens joined by one space, sentences by a newline,
remembering every token's character offsets. The archive's pipeline runs
over each document exactly as it runs over an article (spaCy ner only,
then archive.entities.resolution: cleaning, one kind per name in the
document, partial names folded into full names, known names, missed
occurrences found), after its lines in capitals are put in ordinary case.
Every resolved occurrence is mapped back to the tokens it covers (a span
that cuts a token takes the whole token) and its kind to a CoNLL type:
person -> PER, organisation -> ORG, place -> LOC, other -> MISC. A
predicted entity counts as correct only when its type, first and last token
all equal a gold entity's (exact span match, as conlleval scores).
PER_ORG_LOC is the micro-averaged F1 over those three types. The same
figures for the bare model output (OntoNotes labels mapped the same way,
no resolution) are printed for comparison. Nothing is trained on CoNLL;
the resolution rules were worked out on the validation split (--split
valid), never on the test split. MISC recall is low by design: the archive
drops nationalities and other groups (NORP), which CoNLL counts as MISC.

Throughput. Reuters articles (read with the archive's Reuters parser and
joined into one text as extraction does) go through the same pipeline,
model plus resolution, with 1 and then 2 processes; it reports articles/s and words/s (whitespace
words), and the peak resident memory of this process and of its workers.

Usage: python bench/ner_conll.py [--articles N] [--json OUT]
"""
import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")

import django  # noqa: E402

django.setup()

from archive.entities.extraction import compose  # noqa: E402
from archive.entities.knowledge import knowledge  # noqa: E402
from archive.entities.pipeline import close_pools, find_spans  # noqa: E402
from archive.entities.resolution import LABEL_KINDS, resolve_document  # noqa: E402
from archive.entities.truecase import spellings_in, truecase  # noqa: E402
from archive.ingest.reuters import ENCODING, parse_element, split_elements  # noqa: E402
from archive.ingest.types import PageError  # noqa: E402

KIND_TYPES = {"person": "PER", "organisation": "ORG", "place": "LOC", "other": "MISC"}
TYPES = ["PER", "ORG", "LOC", "MISC"]


def data_dir():
    return Path(os.environ.get("ARCHIVE_TEST_DATA", ROOT.parent / "shared" / "data"))


def read_conll(path):
    """Documents as lists of sentences, each a list of (token, type-tag) pairs."""
    docs, sentence = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts:
            if sentence:
                if not docs:
                    docs.append([])
                docs[-1].append(sentence)
                sentence = []
            continue
        if parts[0] == "-DOCSTART-":
            docs.append([])
            continue
        sentence.append((parts[0], parts[-1]))
    if sentence:
        docs[-1].append(sentence)
    return [doc for doc in docs if doc]


def build_document(sentences):
    """The document's text, each token's (start, end), and the gold entities as (type, first, last)."""
    pieces, offsets, tags, position = [], [], [], 0
    for sentence in sentences:
        for i, (token, tag) in enumerate(sentence):
            if i:
                pieces.append(" ")
                position += 1
            pieces.append(token)
            offsets.append((position, position + len(token)))
            tags.append(tag)
            position += len(token)
        pieces.append("\n")
        position += 1
        tags.append("O")  # the sentence break ends any entity (IOB1 or IOB2 alike)
        offsets.append((position - 1, position - 1))
    return "".join(pieces), offsets, gold_entities(tags)


def gold_entities(tags):
    entities, current = set(), None
    for index, tag in enumerate(tags + ["O"]):
        kind = tag[2:] if tag != "O" else None
        starts_new = kind and (tag.startswith("B-") or current is None or current[0] != kind)
        if current and (kind is None or starts_new):
            entities.add((current[0], current[1], index - 1))
            current = None
        if starts_new:
            current = (kind, index)
    return entities


def token_range(offsets, start, end):
    covered = [i for i, (s, e) in enumerate(offsets) if e > s and s < end and start < e]
    return (covered[0], covered[-1]) if covered else None


def predicted_entities(text, offsets, spans):
    resolved, bare = set(), set()
    for group in resolve_document(text, spans):
        for start, end in group.spans:
            tokens = token_range(offsets, start, end)
            if tokens:
                resolved.add((KIND_TYPES[group.kind], *tokens))
    for span in spans:
        kind = LABEL_KINDS.get(span.label)
        tokens = token_range(offsets, span.start, span.end)
        if kind and tokens:
            bare.add((KIND_TYPES[kind], *tokens))
    return resolved, bare


def score(gold, predicted, types):
    g = {e for e in gold if e[1] in types}
    p = {e for e in predicted if e[1] in types}
    correct = len(g & p)
    precision = correct / len(p) if p else 0.0
    recall = correct / len(g) if g else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def evaluate_conll(path):
    docs = [build_document(sentences) for sentences in read_conll(path)]
    # As extraction does: lines in capitals (CoNLL's headlines) are read in ordinary case; offsets stay.
    spellings, neighbours = knowledge().spellings, spellings_in([text for text, _, _ in docs])
    docs = [(truecase(text, spellings, neighbours), offsets, entities) for text, offsets, entities in docs]
    spans = find_spans([text for text, _, _ in docs], processes=1)
    gold, resolved, bare = set(), set(), set()
    for n, ((text, offsets, entities), doc_spans) in enumerate(zip(docs, spans)):
        gold |= {(n, *e) for e in entities}
        r, b = predicted_entities(text, offsets, doc_spans)
        resolved |= {(n, *e) for e in r}
        bare |= {(n, *e) for e in b}
    report = {}
    for name, predicted in (("resolved", resolved), ("model only", bare)):
        rows = {t: score(gold, predicted, {t}) for t in TYPES}
        rows["PER_ORG_LOC"] = score(gold, predicted, {"PER", "ORG", "LOC"})
        report[name] = rows
    return len(docs), report


def reuters_texts(folder, limit):
    """Article texts as extraction composes them, from the archive's own Reuters parser."""
    texts = []
    for path in sorted(folder.glob("reut2-*.sgm")):
        for _name, element in split_elements(path.read_bytes(), path.name):
            try:
                page = parse_element(element.decode(ENCODING))
            except PageError:
                continue
            texts.append(compose(page.title, page.lede, "\n\n".join(page.paragraphs))[0])
            if len(texts) >= limit:
                return texts
    return texts


def throughput(texts, processes):
    started = time.perf_counter()
    spellings, neighbours = knowledge().spellings, spellings_in(texts)
    texts = [truecase(text, spellings, neighbours) for text in texts]
    for text, spans in zip(texts, find_spans(texts, processes=processes)):
        resolve_document(text, spans)
    elapsed = time.perf_counter() - started
    words = sum(len(t.split()) for t in texts)
    return len(texts) / elapsed, words / elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=3000, help="Reuters articles per throughput run")
    parser.add_argument("--json", metavar="OUT", help="write the figures to this JSON file")
    parser.add_argument("--split", default="test", choices=["test", "valid"], help="CoNLL split to score")
    parser.add_argument("--quality-only", action="store_true", help="skip the throughput runs")
    args = parser.parse_args()
    root = data_dir()

    n_docs, report = evaluate_conll(root / "conll2003" / f"{args.split}.txt")
    print(f"CoNLL-2003 {args.split}: {n_docs} documents rebuilt from their tokens, exact span match per type")
    print("  kinds mapped: person->PER, organisation->ORG, place->LOC, other->MISC (NORP is dropped)")
    for name, rows in report.items():
        print(f"  {name}:")
        for kind, (p, r, f) in rows.items():
            print(f"    {kind:12} P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
    if args.quality_only:
        return

    texts = reuters_texts(root / "reuters21578", args.articles)
    # Warm up: the model is loaded before the clock starts.
    find_spans(texts[:8], processes=1)
    rates = {}
    for processes in (1, 2):
        rates[processes] = throughput(texts, processes)
        close_pools()
        print(f"Reuters, {processes} process(es): {rates[processes][0]:.1f} articles/s, "
              f"{rates[processes][1]:.0f} words/s over {len(texts)} articles")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    peak = own + workers if workers else own
    print(f"Peak RSS: {own:.0f} MB in this process, {workers:.0f} MB in the largest worker; "
          f"{peak:.0f} MB at most in all")

    if args.json:
        resolved = report["resolved"]
        out = {
            "f1": {kind: round(resolved[kind][2], 4) for kind in TYPES + ["PER_ORG_LOC"]},
            "precision": {kind: round(resolved[kind][0], 4) for kind in TYPES + ["PER_ORG_LOC"]},
            "recall": {kind: round(resolved[kind][1], 4) for kind in TYPES + ["PER_ORG_LOC"]},
            "model_only_f1": {kind: round(report["model only"][kind][2], 4) for kind in TYPES + ["PER_ORG_LOC"]},
            "words_per_s": {str(p): round(rates[p][1], 1) for p in rates},
            "articles_per_s": {str(p): round(rates[p][0], 1) for p in rates},
            "peak_rss_mb": round(peak, 1),
        }
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()
