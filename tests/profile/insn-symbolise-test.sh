#!/usr/bin/env bash
# insn-symbolise-test.sh SYMBOLISER: synthetic plugin output and kallsyms,
# and the per-function sums they must give. Exits non-zero on any difference.
set -euo pipefail
symbolise=${1:?symboliser}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# Text symbols a (t), b (T), a data symbol inside a's range that must not
# take a's blocks, a C++ function in an anonymous namespace, a zero address
# (kallsyms without root) that must be ignored.
cat >"$dir/kallsyms" <<'K'
0000000000000000 T hidden
ffffffff81001000 t alpha
ffffffff81001800 d some_data
ffffffff81002000 T beta
ffffffffc0001000 t _ZN4mpfs5mpage12_GLOBAL__N_117do_mpage_readpageERNS1_17MpageReadpageArgsE	[mpfs]
ffffffffc0002000 T mpfs_port_read_folio	[mpfs]
K
# Blocks: two translations of one block, a block past the data symbol, a
# block at a symbol's own address, and blocks in the module.
cat >"$dir/blocks" <<'B'
ffffffff81001000 3 2
ffffffff81001000 3 1
ffffffff81001900 2 5
ffffffff81002000 4 1
ffffffffc0001000 10 7
ffffffffc0001ff0 1 3
ffffffffc0002000 5 2
B
"$symbolise" "$dir/blocks" "$dir/kallsyms" | LC_ALL=C sort >"$dir/got"
LC_ALL=C sort >"$dir/want" <<'W'
alpha 19
beta 4
mpfs::mpage::(anon)::do_mpage_readpage 73
mpfs_port_read_folio 10
W
if ! diff -u "$dir/want" "$dir/got"; then
	echo "insn-symbolise: sums differ (above: - expected, + got)" >&2
	exit 1
fi
echo "insn-symbolise: 4 functions as expected"
