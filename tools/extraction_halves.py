#!/usr/bin/env python3
"""Benchmark F1 of the HTML extractor, whole and in two halves.

usage: [SHARED=DIR] tools/extraction_halves.py [BINARY]
       (BINARY: default target/release/gazette; SHARED: default ../shared)

Runs ../shared/tools/score_extraction.py on the Zyte benchmark pages with
`BINARY entities --json`, then scores the pages at even positions of the
sorted ids (the half extraction rules were tuned on, and the one
tests/html_corpus.rs reads) and the odd ones (held out) separately, with the
benchmark's measure: mean precision, mean recall, F1 of the two.
"""
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
SHARED = os.environ.get("SHARED", os.path.join(ROOT, "..", "shared"))
CORPUS = os.path.join(SHARED, "corpora", "extraction", "scrapinghub-aeb")
SCORER = os.path.join(SHARED, "tools", "score_extraction.py")


def f1(pages):
    ps = [p["precision"] for p in pages if p["precision"] is not None]
    rs = [p["recall"] for p in pages if p["recall"] is not None]
    p = sum(ps) / len(ps) if ps else 0.0
    r = sum(rs) / len(rs) if rs else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target", "release", "gazette")
    with tempfile.NamedTemporaryFile(suffix=".jsonl") as per_page:
        out = subprocess.run(
            [sys.executable, SCORER, "--truth", os.path.join(CORPUS, "ground-truth.json"),
             "--n-bootstrap", "0", "--per-page", per_page.name, "--",
             binary, "entities", "--json", os.path.join(CORPUS, "html")],
            stdout=subprocess.PIPE, text=True, check=True).stdout
        pages = sorted((json.loads(l) for l in open(per_page.name)), key=lambda p: p["id"])
    print(out.strip().splitlines()[-1])
    for name, half in (("tuned (even)", pages[0::2]), ("held out (odd)", pages[1::2])):
        p, r, f = f1(half)
        print("%-15s pages %3d precision %.3f recall %.3f F1 %.3f" % (name, len(half), p, r, f))


if __name__ == "__main__":
    main()
