#!/usr/bin/env bash
# Write a batch that mixes good reports with every kind of bad input warlog must survive, for
# trying `warlog ingest` by hand (the README's reliability section shows its output):
#   scripts/hostile-batch.sh DIR && WARLOG_MAX_DOC_BYTES=3000 warlog ingest DIR --db /tmp/h.db
set -euo pipefail
dir="${1:?usage: scripts/hostile-batch.sh DIR}"
mkdir -p "$dir"
cd "$dir"
printf 'Gunmen ambushed a supply convoy near Kidal on 14 March 2024, killing three drivers.\n' > kidal.txt
printf 'Artillery shells hit a school in Sumy on 2 April 2024. Nobody was hurt, the mayor said.\n' > sumy.md
printf '<html><body><article><p>Soldiers clashed with ADF fighters near Beni on 3 July 2024.</p></article></body></html>\n' > beni.html
{
  printf '{"id": "belgorod", "text": "Drones struck a fuel depot near Belgorod on 5 June 2024."}\n'
  printf '{"id": "broken", "text": "unterminated\n'
  printf '{"id": "kisumu", "text": "Police arrested twelve protesters in Kisumu on 7 June 2024."}\n'
} > feed.jsonl
printf '\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10' > photo.txt   # an image with a .txt name
printf '\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00>\x00' > program  # no extension
: > empty.txt
printf '  \n\t\n' > blank.txt
for _ in 1 2 3 4; do for i in $(seq 128 255); do printf "\\$(printf %03o "$i")"; done; done > garbled.txt  # no encoding fits
for _ in $(seq 160); do printf 'The army shelled the town again. '; done > huge.txt  # over 3000 bytes
ln -sf /dev/zero zeros.txt
ln -sf /dev/urandom noise.txt
[ -p pipe.txt ] || mkfifo pipe.txt
ln -sf "$PWD/deleted-long-ago.txt" gone.txt                               # a dangling link
