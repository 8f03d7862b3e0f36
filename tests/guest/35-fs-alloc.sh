#!/bin/sh
# Allocation policies (mount option alloc=): each block of a file starts with
# a numbered marker; after umount the file's block map is read from the raw
# device and each mapped block is checked to hold its marker.
# contiguous: file blocks ascend on disk; reverse: they descend; scatter:SEED:
# neither, identical for the same seed on a fresh fs, different for another.
# FIBMAP (filefrag -B, when the initramfs has filefrag) must find as many
# extents as the on-disk map has.
. "$(dirname "$0")/30-fs-lib.inc"

# Blocks per file: past the 12 direct pointers into the indirect block at
# every block size. MPFS_ALLOC_BLOCKS lowers it where the guest is slow (the
# debug-kernel lane); it must stay above 12.
NB=${MPFS_ALLOC_BLOCKS:-200}
[ "$NB" -gt 12 ] || { echo "MPFS_ALLOC_BLOCKS must be > 12" >&2; exit 2; }
small_part 16 || { fail alloc-partition; finish; }

# markers BS TAG FILE: NB blocks of BS bytes, block i starts with the
# 12-byte marker M<TAG>BLK<i> (TAG: 3 digits, distinct per run, so blocks
# left over from an earlier run never match).
markers() {
	awk -v bs="$1" -v tag="$2" -v n=$NB 'BEGIN {
		pad = ""; for (j = 0; j < bs - 13; j++) pad = pad "\n"
		for (i = 0; i < n; i++) printf "M%03dBLK%05d\n%s", tag, i, pad }' >"$3"
}
# layout BS: disk block of each file block of inode 2 (the file), in file
# order, read from the on-disk inode and its indirect block.
layout() {
	_it=$(rd_le64 "$PART" 48)
	_ino=$((_it * $1 + 128))
	od -An -tu4 -v -j $((_ino + 56)) -N 48 "$PART" | tr -s ' ' '\n' | grep .
	_ind=$(rd_le32 "$PART" $((_ino + 56 + 48)))
	od -An -tu4 -v -j $((_ind * $1)) -N $(((NB - 12) * 4)) "$PART" | tr -s ' ' '\n' | grep .
}
# markers_at BS TAG: every 10th block named by the layout (and the last)
# starts with its marker.
markers_at() {
	_i=0
	while read -r _b; do
		if [ $((_i % 10)) -eq 0 ] || [ $_i -eq $((NB - 1)) ]; then
			[ "$(dd if="$PART" bs="$1" skip="$_b" count=1 2>/dev/null | head -c 12)" = \
				"$(printf 'M%03dBLK%05d' "$2" $_i)" ] || return 1
		fi
		_i=$((_i + 1))
	done <"$TMP/l"
}
# extents: runs of consecutive disk blocks in a list of numbers on stdin.
extents() { awk 'NR == 1 || $1 != p + 1 { n++ } { p = $1 } END { print n + 0 }'; }
have_filefrag=0
command -v filefrag >/dev/null && have_filefrag=1
# order: "up", "down" or "mixed" for a list of numbers on stdin.
order() {
	awk 'NR > 1 { if ($1 > p) up++; else down++ } { p = $1 }
	     END { print (down == 0 ? "up" : up == 0 ? "down" : "mixed") }'
}

run=0
for bs in $BLOCK_SIZES; do
	for e in $ENGINES; do
		for pol in contiguous reverse scatter:7 scatter:7 scatter:8; do
			t=alloc-$bs-$e-$pol
			run=$((run + 1))
			markers "$bs" "$run" "$TMP/m"
			mkfs_q "$bs" "$PART" && mnt "engine=$e,alloc=$pol" "$PART" || { fail "$t-mount"; continue; }
			cp "$TMP/m" "$MNT/f"
			check "$t-data" cmp -s "$TMP/m" "$MNT/f"
			[ $have_filefrag = 1 ] && filefrag -B -v -b"$bs" "$MNT/f" >"$TMP/frag" 2>&1
			fsck_clean "$t" "$PART"
			layout "$bs" >"$TMP/l"
			check "$t-all-blocks-mapped" [ "$(grep -vc '^0$' "$TMP/l")" -eq $NB ]
			check "$t-data-where-mapped" markers_at "$bs" "$run"
			if [ $have_filefrag = 1 ]; then
				# FIBMAP (->bmap through get_block) sees as many runs of
				# consecutive blocks as the on-disk map has
				check "$t-fibmap-extents" [ "$(awk '/extents? found/ { print $2 }' "$TMP/frag")" = "$(extents <"$TMP/l")" ]
			fi
			o=$(order <"$TMP/l")
			case $pol in
			contiguous) check "$t-ascending" [ "$o" = up ] ;;
			reverse) check "$t-descending" [ "$o" = down ] ;;
			scatter:7)
				check "$t-scattered" [ "$o" = mixed ]
				if [ -f "$TMP/s7" ]; then
					check "$t-same-seed-same-layout" cmp -s "$TMP/s7" "$TMP/l"
					rm -f "$TMP/s7"
				else
					cp "$TMP/l" "$TMP/s7"
				fi ;;
			scatter:8) check "$t-other-seed-other-layout" sh -c "! cmp -s '$TMP/s8ref' '$TMP/l'" ;;
			esac
			[ "$pol" = scatter:7 ] && cp "$TMP/l" "$TMP/s8ref"
		done
	done
done
finish
