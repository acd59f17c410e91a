"""Scores a gazette binary's offices on tests/gold/leaders_recent2025.json.

Each gold row is written as a markdown file dated by its feed date, run through
`BINARY entities --json`, and each person judged is looked up by name (else by
surname): right when the office matches, or, for a former leader (null), when
no leader's office is given.

    python3 tools/score_leaders.py target/release/gazette
"""
import json,shutil,subprocess,sys,os,tempfile,unicodedata
from email.utils import parsedate_to_datetime
from datetime import datetime
binary=sys.argv[1]
tmp=tempfile.mkdtemp()
rows=[json.loads(l) for l in open('../shared/corpora/recent2025/articles.jsonl')]
gold=json.load(open('tests/gold/leaders_recent2025.json'))['articles']
def iso(p):
    try: return parsedate_to_datetime(p).strftime('%Y-%m-%d')
    except Exception: return datetime.fromisoformat(p.replace('Z','+00:00')).strftime('%Y-%m-%d')
files=[]
for k in gold:
    r=rows[int(k)]
    f=os.path.join(tmp,'%s.md'%k)
    title=r['title'].replace('"',"'")
    open(f,'w').write('---\ntitle: "%s"\ndate: %s\n---\n\n%s\n'%(title,iso(r['published']),r.get('text','').replace('\n','\n\n')))
    files.append(f)
out=subprocess.run([binary,'entities','--json']+files,capture_output=True,text=True).stdout.splitlines()
def fold(s): return ''.join(c for c in unicodedata.normalize('NFKD',s.lower()) if not unicodedata.combining(c))
right=total=0
for k,l in zip(gold,out):
    r=json.loads(l)
    for name,exp in gold[k].items():
        total+=1
        sur=fold(name.split()[-1])
        cands=[p for p in r['people'] if fold(p['name'])==fold(name) or any(fold(a)==fold(name) for a in p['aliases'])]
        if not cands: cands=[p for p in r['people'] if fold(p['name']).split()[-1:]==[sur]]
        got=None
        if cands:
            o=cands[0].get('office')
            got=[o['title'],o.get('country')] if o else None
        leader_titles={'president','prime minister','chancellor','king','queen','taoiseach','supreme leader','premier','leader','sultan','emir'}
        if exp is None:
            ok = got is None or got[0] not in leader_titles
        else:
            ok = got==exp
        right+=ok
        if not ok: print('WRONG',k,name,'expected',exp,'got',got,'found' if cands else 'NOT FOUND')
print('right %d / %d'%(right,total))
shutil.rmtree(tmp)
