#!/bin/sh
# The trace comparator on a few matrix cases (the full matrix is `make demo`):
# engine=port must queue the same bios as engine=kernel. One result per case;
# the *-sparse-mmapunmapped/eofrace cases stage where 6.1 and 6.12 differ.
# The matrix also runs each case under engine=iomap (information columns);
# a failed iomap run fails the test through the matrix's exit status.
set -u
command -v mpfs-compare-matrix >/dev/null || { echo "mpfs-compare-matrix not built"; exit 77; }
out=/tmp/51-compare.out
mpfs-compare-matrix --json /tmp/51-compare.json \
	1k-holedata-seqread 1k-contig-wbnone 2k-ind-writefsync 2k-scatter-readahead 4k-tail-overwrite \
	4k-sparse-readfolio 4k-sparse-mmapunmapped 1k-sparse-mmapunmapped 2k-sparse-eofrace >"$out" 2>&1
rc=$?
cat "$out"
n=0
while read -r c _ _ _ _ _ _ _ verdict; do
	case $verdict in
	yes) echo "mpfs-test: PASS compare/$c"; n=$((n + 1)) ;;
	NO* | ERROR*) echo "mpfs-test: FAIL compare/$c" ;;
	esac
done <<EOT
$(grep -E '^[124]k-' "$out")
EOT
[ $n = 9 ] || rc=1
exit $rc
