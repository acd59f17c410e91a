#!/usr/bin/env bash
# Output-identity check: runs `BIN entities --json` of two gazette binaries
# on the same inputs and compares their stdout, stderr and exit code.
#
#   tools/check.sh OLD_BIN NEW_BIN
#
# Inputs: the BBC corpus, the repository's seeds, the recent2025 articles
# written out as text files (title, blank line, body), AG News rows and
# CoNLL-2003 eng.train documents written out the same way, the article
# extraction benchmark's HTML pages, and a few generated files with control
# bytes, invalid UTF-8 and Markdown. Corpora are read from ../shared/corpora
# next to the repository (or $GAZETTE_CORPORA); an absent one is reported as
# SKIPPED and the rest are still compared.
#
# Prints IDENTICAL per input, or the first differing lines; exits 1 when any
# input differs, 2 on a usage error.
set -u

if [ $# -ne 2 ]; then
    echo "usage: $0 OLD_BIN NEW_BIN" >&2
    exit 2
fi
abs() { (cd "$(dirname "$1")" && printf '%s/%s\n' "$(pwd -P)" "$(basename "$1")"); }
for bin in "$1" "$2"; do
    if [ ! -x "$bin" ]; then
        echo "$0: $bin is not an executable file" >&2
        exit 2
    fi
done
OLD=$(abs "$1")
NEW=$(abs "$2")

# The repository: the one holding this script, or (for a copy of the script
# kept elsewhere) the git checkout of the current directory.
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
if ! grep -qs '^name = "gazette"' "$REPO/Cargo.toml"; then
    REPO=$(git rev-parse --show-toplevel 2>/dev/null || pwd -P)
    if ! grep -qs '^name = "gazette"' "$REPO/Cargo.toml"; then
        echo "check.sh: $REPO is not a gazette checkout; run from inside one to check its seeds and ../shared corpora"
    fi
fi
# The corpora: ../shared/corpora next to the checkout, or next to the main
# checkout when this one is a git worktree kept elsewhere.
if [ -n "${GAZETTE_CORPORA:-}" ]; then
    CORPORA=$GAZETTE_CORPORA
else
    CORPORA=$REPO/../shared/corpora
    common=$(cd "$REPO" && git rev-parse --path-format=absolute --git-common-dir 2>/dev/null)
    if [ ! -d "$CORPORA" ] && [ -n "$common" ] && [ -d "$common/../../shared/corpora" ]; then
        CORPORA=$common/../../shared/corpora
    fi
fi
if [ -d "$CORPORA" ]; then
    CORPORA=$(cd "$CORPORA" && pwd -P)
fi
echo "check.sh: $OLD against $NEW; repository $REPO; corpora $CORPORA"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# Neither run may read or write a user's library or configuration.
export HOME="$WORK/home" XDG_DATA_HOME="$WORK/home/data" XDG_CONFIG_HOME="$WORK/home/config"
export GAZETTE_DB="$WORK/home/library.db" LC_ALL=C
mkdir -p "$HOME"

failed=0
skipped=0

# compare NAME DIR PATH...: runs both binaries in DIR on PATH... (relative
# paths, so the output names the same files whatever the checkout's place).
compare() {
    local name=$1 dir=$2
    shift 2
    local side bin
    for side in old new; do
        if [ $side = old ]; then bin=$OLD; else bin=$NEW; fi
        (cd "$dir" && "$bin" entities --json "$@" >"$WORK/$side.out" 2>"$WORK/$side.err")
        echo "exit $?" >"$WORK/$side.code"
    done
    local ok=1 part
    for part in out err code; do
        if ! cmp -s "$WORK/old.$part" "$WORK/new.$part"; then
            ok=0
            echo "DIFFERENT: $name ($part; first differing lines, < old > new)"
            diff "$WORK/old.$part" "$WORK/new.$part" | head -n 8 | cut -c 1-300
            first_difference "$WORK/old.$part" "$WORK/new.$part"
        fi
    done
    if [ $ok = 1 ]; then
        echo "IDENTICAL: $name ($(wc -l <"$WORK/new.out") lines of output)"
    else
        failed=1
    fi
}

# first_difference OLD NEW: the first differing line's number and the text
# around its first differing byte, since a JSON line can be long.
first_difference() {
    python3 - "$1" "$2" <<'PY'
import sys
old = open(sys.argv[1], "rb").read().split(b"\n")
new = open(sys.argv[2], "rb").read().split(b"\n")
for n, (a, b) in enumerate(zip(old + [None] * len(new), new + [None] * len(old))):
    if a != b:
        a, b = a or b"", b or b""
        c = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
        lo = max(0, c - 80)
        print("first difference: line %d, byte %d" % (n + 1, c + 1))
        print("  old: ...%r" % a[lo:c + 120])
        print("  new: ...%r" % b[lo:c + 120])
        break
PY
}

skip() {
    echo "SKIPPED: $1"
    skipped=1
}

if [ -d "$CORPORA/bbc" ]; then
    compare "bbc" "$CORPORA" bbc
else
    skip "bbc ($CORPORA/bbc is absent)"
fi

if [ -d "$REPO/seeds" ]; then
    compare "seeds" "$REPO" seeds
else
    skip "seeds ($REPO/seeds is absent)"
fi

# make_texts KIND SOURCE DEST: writes one text file per article of SOURCE.
make_texts() {
    python3 - "$@" <<'PY'
import csv, json, os, sys

kind, source, dest = sys.argv[1:4]
os.makedirs(dest, exist_ok=True)

def write(n, title, body):
    with open(os.path.join(dest, "%05d.txt" % n), "w", encoding="utf-8",
              errors="surrogateescape", newline="") as f:
        f.write(title + "\n\n" + body + "\n")

if kind == "recent2025":
    with open(source, encoding="utf-8") as f:
        for n, line in enumerate(f):
            if line.strip():
                a = json.loads(line)
                write(n, a.get("title") or "", a.get("text") or a.get("summary") or "")
elif kind == "agnews":
    with open(source, encoding="utf-8", newline="") as f:
        for n, row in enumerate(csv.reader(f)):
            if len(row) >= 3:
                write(n, row[1], row[2].replace("\\", " "))
elif kind == "conll":
    docs, sentences, words = [], [], []
    with open(source, encoding="utf-8") as f:
        for line in f:
            tok = line.split(" ")[0].strip()
            if tok == "-DOCSTART-":
                if words:
                    sentences.append(" ".join(words))
                    words = []
                if sentences:
                    docs.append(sentences)
                sentences = []
            elif not tok:
                if words:
                    sentences.append(" ".join(words))
                    words = []
            else:
                words.append(tok)
    if words:
        sentences.append(" ".join(words))
    if sentences:
        docs.append(sentences)
    for n, doc in enumerate(docs):
        write(n, doc[0], "\n\n".join(doc[1:]))
PY
}

# derived KIND FILE NAME: compares the articles of corpus file FILE (under
# $CORPORA) written out as text files, or reports it SKIPPED.
derived() {
    if [ -f "$CORPORA/$2" ]; then
        make_texts "$1" "$CORPORA/$2" "$WORK/in/$1"
        compare "$3" "$WORK/in" "$1"
    else
        skip "$1 ($CORPORA/$2 is absent)"
    fi
}

derived recent2025 recent2025/articles.jsonl "recent2025 articles as text files"
derived agnews agnews/test.csv "AG News rows as text files"
derived conll conll2003/eng.train "CoNLL-2003 eng.train documents as text files"

if [ -d "$CORPORA/extraction/scrapinghub-aeb/html" ]; then
    compare "extraction HTML pages" "$CORPORA/extraction/scrapinghub-aeb" html
else
    skip "extraction HTML ($CORPORA/extraction/scrapinghub-aeb/html is absent)"
fi

# Generated, so never absent: control bytes, invalid UTF-8, odd line ends,
# Markdown, and the repository's own Markdown files.
python3 - "$WORK/in/odd" <<'PY'
import os, sys
d = sys.argv[1]
os.makedirs(d)
files = {
    "control.txt": b"Talks \x00in\x01 Paris\x07\n\nPresident Emmanuel\x1b[31m Macron met Olaf\x7f Scholz in Berlin.\x0c\nJoe Biden\x08 said \x1fthe United States would act.\n",
    "invalid.txt": b"Bank of England \xa3 rate\n\nThe \xff\xfe Chancellor Rachel Reeves met \xc3\x28 officials in France and Germany. \xe2\x82 Theresa May\xed\xa0\x80 spoke in Brussels.\n",
    "latin1.txt": b"Caf\xe9 talks in S\xe3o Paulo\n\nPresident Lula da Silva met Pedro S\xe1nchez in Brazil and Spain.\n",
    "bom_crlf.txt": "\ufeffTrade deal with Japan\r\n\r\nPrime Minister Shigeru Ishiba and Donald Trump spoke on tariffs.\r\nChina and India were named.\r\n".encode(),
    "cr_only.txt": b"Storm in Cuba\r\rHurricane Milton hit Havana; Miguel Diaz-Canel spoke.\rMexico sent aid.\r",
    "separators.txt": "Line\u2028separators\n\nAngela Merkel\u2029met Vladimir Putin in Moscow\u0085 about Ukraine.\u200b Xi\u00a0Jinping too.\n".encode(),
    "empty.txt": b"",
    "blank.txt": b"\n\n\n",
    "title_only.txt": b"Keir Starmer visits Washington",
    "long_line.txt": (b"Long\n\n" + b"Boris Johnson met Joe Biden in London and Paris. " * 2000),
    "nul_heavy.txt": b"\x00" * 4096 + b"\n\nNarendra Modi in India\n",
    "markdown.md": b"# Summit in **Geneva**\n\n> Quote from *Antonio Guterres*\n\n- [Ursula von der Leyen](https://example.com) met `Giorgia Meloni` in Italy\n- ~~Spain~~ and Portugal\n\n```\nDonald Trump in code\n```\n\n| Country | Leader |\n|---|---|\n| France | Emmanuel Macron |\n\n<div>Recep Tayyip Erdogan, Turkey</div>\n",
}
for name, data in files.items():
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)
PY
compare "generated files (control bytes, invalid UTF-8, Markdown)" "$WORK/in" odd

mds=()
while IFS= read -r f; do mds+=("$f"); done < <(cd "$REPO" && find . -name '*.md' -not -path './target/*' -not -path './.git/*' | sort)
if [ ${#mds[@]} -gt 0 ]; then
    compare "the repository's Markdown files" "$REPO" "${mds[@]}"
fi

if [ $failed = 1 ]; then
    echo "check.sh: DIFFERENT"
    exit 1
fi
if [ $skipped = 1 ]; then
    echo "check.sh: IDENTICAL on every input present (some SKIPPED above)"
else
    echo "check.sh: IDENTICAL"
fi
