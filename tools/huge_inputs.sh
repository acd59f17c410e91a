#!/usr/bin/env bash
# Feeds gazette huge inputs (a 1 GiB file, lines of 15 and 100 MB, deeply
# nested HTML, a 1 MiB title, an XML entity bomb, a gzip bomb, feeds of a
# million items) and prints, for each, the exit
# status, peak RSS (/usr/bin/time -v), time, what it said, and whether the
# library kept every article it had. Everything is generated in a temporary
# directory (the 1 GiB file is sparse) and served from 127.0.0.1.
#
#   cargo build --release && tools/huge_inputs.sh [path/to/gazette]
#
# Needs python3, sqlite3 and GNU time. Takes a few minutes and ~250 MB of disk.
set -euo pipefail
G=$(realpath "${1:-target/release/gazette}")
T=$(mktemp -d)
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$T"' EXIT
cd "$T"
mkdir -p www in

python3 - <<'EOF'
import gzip
ents = ['<!ENTITY lol0 "lololololololololololololololololololol">']
ents += [f'<!ENTITY lol{i} "' + f"&lol{i-1};" * 10 + '">' for i in range(1, 10)]
open("www/bomb.xml", "w").write('<?xml version="1.0"?>\n<!DOCTYPE rss [\n' + "\n".join(ents)
    + '\n]>\n<rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title>'
    '<description>&lol9;</description><guid>b1</guid></item></channel></rss>')
with gzip.open("www/gzbomb.gz", "wb", compresslevel=9) as g:   # 1 GiB unpacked
    g.write(b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>')
    for _ in range(1024):
        g.write(b" " * (1 << 20))
    g.write(b"</channel></rss>")
with open("www/million.xml", "w") as f:
    f.write('<rss version="2.0"><channel><title>M</title>')
    for i in range(1000000):
        f.write(f"<item><guid>{i}</guid></item>")
    f.write("</channel></rss>")
with open("www/million.json", "w") as f:
    f.write('{"version":"https://jsonfeed.org/version/1.1","title":"J","items":[')
    f.write(",".join('{"id":"%d"}' % i for i in range(1000000)))
    f.write("]}")
big = ("Keir Starmer met Macron in France " * 31000)[:1 << 20]
open("www/bigtitle.xml", "w").write(f'<rss version="2.0"><channel><title>{big}</title><item><guid>t1</guid>'
    f'<title>{big}</title><description>Short body about France.</description></item></channel></rss>')
open("in/bigtitle.txt", "w").write(big + "\n\nA short body about Keir Starmer in France.\n")
open("in/deep.html", "w").write("<html><body>" + "<div>" * 100000
    + "<p>Keir Starmer visited France, and the story went on with many words.</p>"
    + "</div>" * 100000 + "</body></html>")
line = "Keir Starmer met officials in France and Germany about trade, " * 300000
open("in/line15m.txt", "w").write(line[:15 * 1024 * 1024])
with open("in/line100m.txt", "w") as f:
    for _ in range(100):
        f.write(line[:1000000])
EOF
truncate -s 1G in/big1g.txt

cat > serve.py <<'EOF'
import http.server, os, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        p = os.path.join("www", self.path.lstrip("/"))
        if not os.path.isfile(p):
            self.send_response(404); self.end_headers(); return
        self.send_response(200)
        if p.endswith(".gz"): self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(os.path.getsize(p)))
        self.end_headers()
        with open(p, "rb") as f:
            while (b := f.read(1 << 20)):
                self.wfile.write(b)
    def log_message(self, *a): pass
s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
print(s.server_address[1], flush=True)
s.serve_forever()
EOF
python3 serve.py > port &
SERVER=$!
while [ ! -s port ]; do sleep 0.1; done
BASE="http://127.0.0.1:$(cat port)"

DB=lib.db
"$G" --db $DB list > /dev/null
measure() {
    local label=$1; shift
    local before after
    before=$(sqlite3 $DB 'select count(*) from articles')
    /usr/bin/time -v "$G" --db $DB "$@" > out 2> err || true
    after=$(sqlite3 $DB 'select count(*) from articles')
    printf '%-16s rss %7s KiB  wall %8s  user %6ss  articles %s->%s  %s  | %s\n' "$label" \
        "$(awk '/Maximum resident/ {print $6}' err)" \
        "$(awk '/Elapsed \(wall/ {print $8}' err)" \
        "$(awk '/User time/ {print $4}' err)" \
        "$before" "$after" "$(sqlite3 $DB 'pragma integrity_check')" \
        "$(grep -v -e '^\s' -e 'Command being timed' -e 'non-zero status' err | tr '\n' ' ' | cut -c1-160)"
}
for f in big1g.txt line100m.txt line15m.txt deep.html bigtitle.txt; do
    measure "${f%.*}" import "in/$f"
done
for f in bomb.xml gzbomb.gz million.xml million.json bigtitle.xml; do
    "$G" --db $DB feeds add "$BASE/$f" --name "$f" > /dev/null
    measure "feed:$f" fetch "$f"
done
