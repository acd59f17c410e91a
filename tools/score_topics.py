#!/usr/bin/env python3
"""Scores a gazette binary's issues and sections against a topics gold file, so that two
binaries can be compared (tests/corpus/topics.rs scores the library in-process the same way).

usage: tools/score_topics.py [GOLD.json] GAZETTE_BIN [SHARED_DIR]
  e.g. python3 tools/score_topics.py tests/gold/topics_heldout.json target/release/gazette ../shared
Writes the gold's recent2025 rows as text files (whole: title, blank line, text; feed item: title,
blank line, feed summary) and the BBC files' headline + first paragraph, runs
`GAZETTE entities --json` on them and on the BBC files, and prints P/R/F1 of the issues and how
often the first section is right. VERBOSE=1 lists each article's wrong and missed tags."""
import json, os, subprocess, sys, tempfile

args = sys.argv[1:]
if not args:
    sys.exit(__doc__)
if not args[0].endswith('.json'):
    args = ['tests/gold/topics_heldout.json'] + args
gold_path, bin_, shared = (args + ['../shared'])[:3]
if not os.path.isdir(os.path.join(shared, 'corpora')):
    sys.exit(f'SKIPPED: {shared}/corpora is absent')
raw = json.load(open(gold_path))['articles']
gold = {'recent2025': {k.split('/', 1)[1]: v for k, v in raw.items() if k.startswith('recent2025/')},
        'bbc': {k.split('/', 1)[1]: v for k, v in raw.items() if k.startswith('bbc/')}}
rows = [json.loads(l) for l in open(os.path.join(shared, 'corpora/recent2025/articles.jsonl'))]
tmp = tempfile.mkdtemp()
def write(kind, key, title, body):
    d = os.path.join(tmp, kind); os.makedirs(d, exist_ok=True)
    p = os.path.join(d, f'{key}.txt')
    open(p, 'w').write(title.strip() + '\n\n' + body.strip() + '\n')
for key in gold['recent2025']:
    r = rows[int(key)]
    write('r25full', key, r['title'], r['text'])
    summ = r['summary'] or ''
    if summ.startswith('['):  # allAfrica's "[Source]" prefix
        summ = summ.split(']', 1)[-1]
    write('r25item', key, r['title'], summ)
for key in gold['bbc']:
    t = open(os.path.join(shared, 'corpora/bbc', key), 'rb').read().decode('utf-8', 'replace')
    lines = t.split('\n')
    title = lines[0]; body = '\n'.join(lines[1:])
    write('bbcfull', key.replace('/', '_')[:-4], title, body)
    paras = [p for p in body.split('\n') if p.strip()]
    write('bbcitem', key.replace('/', '_')[:-4], title, paras[0] if paras else '')

def run(kind):
    out = subprocess.run([bin_, 'entities', '--json', os.path.join(tmp, kind)], capture_output=True, text=True)
    res = {}
    for line in out.stdout.splitlines():
        o = json.loads(line)
        key = os.path.basename(o['path'])[:-4]
        res[key] = o
    return res

def score(kind, golds, keyf):
    res = run(kind)
    tp = fp = fn = 0; carry = 0; n = 0; sec_right = 0; sec_n = 0; sec_have = 0
    tp36 = fp36 = fn36 = 0
    errors = []
    for key, g in golds.items():
        o = res.get(keyf(key))
        if o is None:
            errors.append(f'{key}: no output'); continue
        n += 1
        pred = [i['id'] for i in o.get('issues', [])]
        req = set(g['issues']['required']); ok = req | set(g['issues']['optional'])
        tp += len([p for p in pred if p in req]); fp += len([p for p in pred if p not in ok])
        fn += len(req - set(pred))
        if any(p in ok for p in pred) and req: carry += 1
        secs = [s['id'] for s in o.get('sections', [])]
        sec_n += 1
        if secs:
            sec_have += 1
            if secs[0] in set(g['sections']['required']) | set(g['sections']['optional']):
                sec_right += 1
        wrong = [p for p in pred if p not in ok]; missed = sorted(req - set(pred))
        if wrong or missed:
            errors.append(f'{key}: {o.get("title","")[:60]!r} wrong={wrong} missed={missed}')
    p = tp / (tp + fp) if tp + fp else 0; r = tp / (tp + fn) if tp + fn else 0
    f = 2 * p * r / (p + r) if p + r else 0
    with_req = sum(1 for g in golds.values() if g['issues']['required'])
    print(f'{kind}: {n} articles  issues P={p:.3f} R={r:.3f} F1={f:.3f} (tp {tp} fp {fp} fn {fn}); '
          f'carry a right issue {carry}/{with_req}; section present {sec_have}/{sec_n}, right {sec_right}/{sec_n}')
    return errors

errs = []
errs += score('r25full', gold['recent2025'], lambda k: k)
errs += score('r25item', gold['recent2025'], lambda k: k)
errs += score('bbcfull', gold['bbc'], lambda k: k.replace('/', '_')[:-4])
errs += score('bbcitem', gold['bbc'], lambda k: k.replace('/', '_')[:-4])
if os.environ.get('VERBOSE'):
    print('\n'.join(errs))
