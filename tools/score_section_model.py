#!/usr/bin/env python3
"""How often a gazette binary's first section is right on the section model's validation split
(tools/train_section_model.py: corpus index i%10==3, never trained on), by corpus and form:
BBC whole articles, BBC items (headline + first paragraph), AG News items (headline + description).
Run it on two binaries (rules only, rules + model) to compare.

usage: python3 tools/score_section_model.py GAZETTE_BIN [SHARED_DIR]
  e.g. python3 tools/score_section_model.py target/release/gazette ../shared
AG News "World" counts as right for any section but economy, sport, arts and science."""
import json, os, shutil, subprocess, sys, tempfile

if len(sys.argv) < 2:
    sys.exit(__doc__)
BIN = sys.argv[1]
SHARED = sys.argv[2] if len(sys.argv) > 2 else '../shared'
if not os.path.isdir(os.path.join(SHARED, 'corpora')):
    sys.exit(f'SKIPPED: {SHARED}/corpora is absent')
sys.argv = [sys.argv[0], SHARED]
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import train_section_model as T  # noqa: E402

tmp = tempfile.mkdtemp()
gold = {}
for load in (T.bbc, T.agnews):
    for corpus, i, title, body, label in load():
        if i % 10 != 3:
            continue
        os.makedirs(os.path.join(tmp, corpus), exist_ok=True)
        with open(os.path.join(tmp, corpus, f'{i}.txt'), 'w') as fh:
            fh.write(title.strip() + '\n\n' + body.strip() + '\n')
        gold[(corpus, str(i))] = label
for corpus in sorted({c for c, _ in gold}):
    out = subprocess.run([BIN, 'entities', '--json', os.path.join(tmp, corpus)],
                         capture_output=True, text=True).stdout
    right = n = 0
    for line in out.splitlines():
        o = json.loads(line)
        key = (corpus, os.path.basename(o['path'])[:-4])
        first = (o.get('sections') or [{'id': None}])[0]['id']
        label = gold[key]
        n += 1
        right += first not in ('economy', 'sport', 'arts', 'science') if label == 'world' else first == label
    print(f'{corpus}: first section right {right}/{n} = {right / max(n, 1):.3f}')
shutil.rmtree(tmp)
