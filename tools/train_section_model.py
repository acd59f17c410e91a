#!/usr/bin/env python3
"""Trains gazette's section model (assets/section_model.bin) on the labelled corpora in ../shared.

usage: python3 tools/train_section_model.py [SHARED_DIR] [OUT_DIR]
  e.g. python3 tools/train_section_model.py ../shared assets

The model: multinomial logistic regression over the mean of an article's hashed words (title words
count twice; at most the first BODY_WORDS words of the body), each word hashed exactly as the
extractor hashes it (src/extract/words.rs: maximal runs of letters and digits, ASCII letters
lower-cased), bucket = the hash's top BUCKET_BITS bits. Classes are the sections the corpora label,
plus `world` (AG News "World": politics, conflict, crime, disaster... which the rules tell apart).
Weights are stored as i8 with one scale. Pure Python (no numpy), SGD with a fixed seed: the same
corpora give the same bytes. Writes OUT_DIR/section_model.bin and OUT_DIR/section_model.toml
(provenance, validation accuracy per corpus, the asset's FNV-1a checksum and the probabilities of
a few probe texts, which src/extract/model.rs's tests recompute).

Labels: BBC business->economy, entertainment->arts, politics->politics, sport->sport,
tech->science; AG News World->world, Sports->sport, Business->economy, Sci/Tech->science;
Reuters-21578 stories with a TOPICS tag -> economy (every third, so they do not swamp the rest);
recent2025 single-topic feeds (FEEDS below), mixed feeds skipped.
Never trained on: the lead's held-out rows (recent2025 i%12==5, BBC sorted index 7+50k) and the
dev gold's (recent2025 i%12==0, BBC sorted index 20+55k, tests/gold/topics_dev.json).
Validation (reported, not trained on): every example whose corpus index is i%10==3.
"""
import csv, glob, html, json, math, os, random, re, struct, sys

SHARED = sys.argv[1] if len(sys.argv) > 1 else '../shared'
OUT = sys.argv[2] if len(sys.argv) > 2 else 'assets'
C = os.path.join(SHARED, 'corpora')
SEED = 20261206
BUCKET_BITS = 15
BODY_WORDS = int(os.environ.get("BODY_WORDS", 120))
EPOCHS = int(os.environ.get("EPOCHS", 10))
LR = float(os.environ.get("LR", 20))
CLASSES = ['politics', 'economy', 'sport', 'arts', 'science', 'world']
FEEDS = {'bbc-pol': 'politics', 'cbc-politics': 'politics', 'cnbc-politics': 'politics',
         'fox-politics': 'politics', 'jpost-polus': 'politics', 'cnbc-world': 'economy',
         'cnbc-asia': 'economy'}
M64 = (1 << 64) - 1
K = 0xf1357aea2e62a9c5


def step(h, chunk):
    h = ((h << 5) | (h >> 59)) & M64
    return ((h ^ chunk) * K) & M64


def finish(h):
    return h ^ (h >> 32)


def lower8(b):
    return bytes(c + 32 if 65 <= c <= 90 else c for c in b)


def word_hash(w):
    """words.rs hash_lower of the UTF-8 bytes `w`."""
    w = lower8(w)
    n = len(w)
    if n == 0:
        return finish(0)
    h = n
    rest = w
    if n > 8:
        while len(rest) > 8:
            h = step(h, int.from_bytes(rest[:8], 'little'))
            rest = rest[8:]
    return finish(step(h, int.from_bytes(rest, 'little')))


def is_word_char(ch):
    return ch.isalnum()


def words(text):
    out, cur = [], []
    for ch in text:
        if is_word_char(ch):
            cur.append(ch)
        elif cur:
            out.append(''.join(cur)); cur = []
    if cur:
        out.append(''.join(cur))
    return out


def bucket(w):
    return word_hash(w.encode('utf-8')) >> (64 - BUCKET_BITS)


def features(title, body):
    """Bucket -> weight, summing to 1: the mean the extractor takes."""
    ws = [(w, 2.0) for w in words(title)] + [(w, 1.0) for w in words(body)[:BODY_WORDS]]
    total = sum(v for _, v in ws)
    f = {}
    for w, v in ws:
        b = bucket(w)
        f[b] = f.get(b, 0.0) + v / total
    return f


# ---- corpora -> (corpus, index, title, body, label)
def bbc():
    root = os.path.join(C, 'bbc')
    files = sorted(os.path.relpath(p, root) for p in glob.glob(os.path.join(root, '*', '*.txt')))
    lab = {'business': 'economy', 'entertainment': 'arts', 'politics': 'politics', 'sport': 'sport',
           'tech': 'science'}
    for i, f in enumerate(files):
        if i % 50 == 7 or i % 55 == 20:
            continue
        t = open(os.path.join(root, f), 'rb').read().decode('utf-8', 'replace').split('\n')
        paras = [p for p in t[1:] if p.strip()]
        y = lab[f.split('/')[0]]
        yield 'bbc', i, t[0], '\n'.join(paras), y
        yield 'bbc-item', i, t[0], paras[0] if paras else '', y


def agnews():
    lab = {1: 'world', 2: 'sport', 3: 'economy', 4: 'science'}
    with open(os.path.join(C, 'agnews', 'test.csv'), newline='', encoding='utf-8') as fh:
        for i, row in enumerate(csv.reader(fh)):
            desc = row[2].replace('\\', ' ')
            desc = re.sub(r'#(\d+);', lambda m: chr(int(m.group(1))), desc)
            yield 'agnews', i, html.unescape(row[1]), html.unescape(desc), lab[int(row[0])]


def reuters():
    i = 0
    for path in sorted(glob.glob(os.path.join(C, 'reuters21578', 'reut2-*.sgm'))):
        text = open(path, 'rb').read().decode('latin-1')
        for story in re.findall(r'<REUTERS.*?</REUTERS>', text, re.S):
            topics = re.search(r'<TOPICS>(.*?)</TOPICS>', story, re.S)
            title = re.search(r'<TITLE>(.*?)</TITLE>', story, re.S)
            body = re.search(r'<BODY>(.*?)</BODY>', story, re.S)
            if topics and '<D>' in topics.group(1) and title and body:
                if i % 3 == 0:
                    b = re.sub(r'&#\d+;', ' ', html.unescape(body.group(1)))
                    yield 'reuters', i // 3, html.unescape(title.group(1)).title(), b, 'economy'
                i += 1


def recent():
    path = os.path.join(C, 'recent2025', 'articles.jsonl')
    for i, line in enumerate(open(path, encoding='utf-8')):
        if i % 12 in (0, 5):
            continue
        r = json.loads(line)
        y = FEEDS.get(r['source'])
        if y:
            yield 'recent2025', i, r['title'], r['text'] or '', y
            yield 'recent2025-item', i, r['title'], r['summary'] or '', y


def main():
    rng = random.Random(SEED)
    data = [(c, i, features(t, b), CLASSES.index(y)) for g in (bbc, agnews, reuters, recent)
            for c, i, t, b, y in g()]
    train = [d for d in data if d[1] % 10 != 3]
    valid = [d for d in data if d[1] % 10 == 3]
    counts = [sum(1 for d in train if d[3] == k) for k in range(len(CLASSES))]
    cw = [len(train) / (len(CLASSES) * n) for n in counts]
    n_b = 1 << BUCKET_BITS
    nc = len(CLASSES)
    W = [0.0] * (n_b * nc)
    bias = [0.0] * nc
    steps = EPOCHS * len(train)
    t = 0
    for epoch in range(EPOCHS):
        rng.shuffle(train)
        for _, _, f, y in train:
            lr = LR * (1 - t / steps); t += 1
            p = probs(W, bias, f)
            g = [cw[y] * (p[k] - (1.0 if k == y else 0.0)) for k in range(nc)]
            for k in range(nc):
                bias[k] -= lr * 0.1 * g[k]
            for b, v in f.items():
                base = b * nc
                for k in range(nc):
                    W[base + k] -= lr * v * g[k]
    # Quantize: i8 with one scale.
    scale = max(abs(w) for w in W) / 127.0
    Q = [max(-127, min(127, round(w / scale))) for w in W]
    Wq = [q * scale for q in Q]
    header = b'GZSM' + struct.pack('<BBHf', nc, BUCKET_BITS, BODY_WORDS, scale)
    names = ','.join(CLASSES).encode()
    blob = header + struct.pack('<H', len(names)) + names + struct.pack(f'<{nc}f', *bias)
    blob += struct.pack(f'<{len(Q)}b', *Q)
    # Round the biases as stored.
    bias_s = list(struct.unpack(f'<{nc}f', struct.pack(f'<{nc}f', *bias)))
    os.makedirs(OUT, exist_ok=True)
    open(os.path.join(OUT, 'section_model.bin'), 'wb').write(blob)
    fnv = 0xcbf29ce484222325
    for byte in blob:
        fnv = ((fnv ^ byte) * 0x100000001b3) & M64
    report = []
    for corpus in sorted({d[0] for d in valid}):
        rows = [d for d in valid if d[0] == corpus]
        right = sum(1 for _, _, f, y in rows if argmax(probs(Wq, bias_s, f)) == y)
        report.append((corpus, right, len(rows)))
        print(f'validation {corpus}: {right}/{len(rows)} = {right / len(rows):.3f}')
    probes = [('Bills 38, Seahawks 9', ''),
              ('Fed holds interest rates steady', 'The central bank kept its benchmark rate unchanged.'),
              ('Bank of England cuts rates to 4%', ''),
              ('Kerry widens lead in California poll', ''),
              ('Oscar nominations announced', 'The film leads with eleven nominations.'),
              ('Élan café naïve', 'MIXED Case wordswithmorethansixteenletters 2025 x')]
    lines = [
        '# The section model: provenance, validation and checks. Written by',
        '# tools/train_section_model.py with assets/section_model.bin; do not edit.',
        '# Training corpora (../shared/corpora, README.md there), all for research use only:',
        '#   BBC News (Greene & Cunningham 2006; (c) BBC), AG News test split (Zhang, Zhao & LeCun',
        '#   2015; academic/non-commercial), Reuters-21578 Distribution 1.0 (Reuters Ltd., research',
        '#   purposes only), recent2025 (CodeAKrome/News-Dumpster; outlets\' copyright; project',
        '#   development only). The asset holds only hashed word weights, no text.',
        f'command = "python3 tools/train_section_model.py ../shared assets"',
        f'trained = "{os.environ.get("TRAIN_DATE", "2026-12-06")}"',
        f'seed = {SEED}',
        f'classes = {json.dumps(CLASSES)}',
        f'bucket_bits = {BUCKET_BITS}',
        f'body_words = {BODY_WORDS}',
        f'epochs = {EPOCHS}',
        f'train_examples = {len(train)}',
        f'fnv1a64 = "{fnv:016x}"',
        '',
        '# Held-out accuracy of the stored (quantized) model on examples with corpus index i%10==3.',
    ]
    for corpus, right, n in report:
        lines.append(f'[[validation]]\ncorpus = "{corpus}"\nright = {right}\nof = {n}')
    lines.append('\n# Class probabilities of the stored model for these texts (title, body).')
    for title, body in probes:
        p = probs(Wq, bias_s, features(title, body))
        lines.append(f'[[probe]]\ntitle = {json.dumps(title, ensure_ascii=False)}\n'
                     f'body = {json.dumps(body, ensure_ascii=False)}\n'
                     f'probs = [{", ".join(f"{x:.5f}" for x in p)}]')
    open(os.path.join(OUT, 'section_model.toml'), 'w').write('\n'.join(lines) + '\n')
    print(f'wrote {OUT}/section_model.bin ({len(blob)} bytes, fnv1a64 {fnv:016x})')


def probs(W, bias, f):
    nc = len(bias)
    z = list(bias)
    for b, v in f.items():
        base = b * nc
        for k in range(nc):
            z[k] += v * W[base + k]
    m = max(z)
    e = [math.exp(x - m) for x in z]
    s = sum(e)
    return [x / s for x in e]


def argmax(p):
    return max(range(len(p)), key=lambda k: p[k])


if __name__ == '__main__':
    main()
