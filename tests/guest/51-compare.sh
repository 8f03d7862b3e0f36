#!/bin/sh
# The trace comparator on a few matrix cases (the full matrix is `make demo`):
# engine=port must queue the same bios as engine=kernel. One result per case.
set -u
command -v mpfs-compare-matrix >/dev/null || { echo "mpfs-compare-matrix not built"; exit 77; }
out=/tmp/51-compare.out
mpfs-compare-matrix --json /tmp/51-compare.json \
	1k-holedata-seqread 1k-contig-wbnone 2k-ind-writefsync 2k-scatter-readahead 4k-tail-overwrite \
	4k-sparse-readfolio >"$out" 2>&1
rc=$?
cat "$out"
n=0
while read -r c _ _ _ verdict; do
	case $verdict in
	yes) echo "mpfs-test: PASS compare/$c"; n=$((n + 1)) ;;
	NO* | ERROR*) echo "mpfs-test: FAIL compare/$c" ;;
	esac
done <<EOT
$(grep -E '^[124]k-' "$out")
EOT
[ $n = 6 ] || rc=1
exit $rc
