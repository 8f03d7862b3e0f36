#!/bin/sh
# Switching engines between mounts of one filesystem: files written under each
# engine (dense with an odd tail, sparse across the direct, indirect and
# double-indirect ranges with a trailing hole, shrunk then grown by truncate,
# overwritten in place) read back identically under every engine, each after
# a remount; the reader then changes them and the next engine checks that.
# Holes stay holes (no blocks allocated for them), fsck clean at the end.
. "$(dirname "$0")/30-fs-lib.inc"

E=$TMP/exp
mkdir -p "$E"
pattern "$TMP/pat" 1024                      # 1 MiB of numbered lines

# put FILE OFFSET BYTES: BYTES of the pattern at OFFSET (a multiple of BYTES), in place.
put() { head -c "$3" "$TMP/pat" | dd of="$1" bs="$3" seek=$(($2 / $3)) conv=notrunc 2>/dev/null; }
# put_big FILE OFFSET KIB: KIB KiB of the pattern at OFFSET (KiB-aligned OFFSET).
put_big() { dd if="$TMP/pat" of="$1" bs=1024 seek=$(($2 / 1024)) count="$3" conv=notrunc 2>/dev/null; }

# make_files DIR: the same operations on the mpfs files and on the expected copies.
make_files() {
	for d in "$1" "$E"; do
		rm -f "$d/dense" "$d/sparse" "$d/trunc"
		dd if="$TMP/pat" of="$d/dense" bs=6999 count=100 2>/dev/null
		head -c 777 "$TMP/pat" >>"$d/dense"
		: >"$d/sparse"
		put "$d/sparse" 0 5000
		put "$d/sparse" 99000 3000           # indirect range at 1K blocks
		put "$d/sparse" 2002000 7000         # double-indirect at 1K, indirect at 4K
		put "$d/sparse" 6001062 1234         # double-indirect at every size, mid-block
		truncate -s 7000000 "$d/sparse"      # trailing hole
		put_big "$d/trunc" 0 300
		truncate -s 123457 "$d/trunc"        # shrink to a mid-block size
		truncate -s 200000 "$d/trunc"        # grow: the tail reads as zeros
		printf 'X' | dd of="$d/trunc" bs=1 seek=150000 conv=notrunc 2>/dev/null
	done
}

# change_files DIR: what a reader engine changes before the next one checks.
change_files() {
	for d in "$1" "$E"; do
		printf 'MIDDLE' | dd of="$d/dense" bs=1 seek=333333 conv=notrunc 2>/dev/null
		put "$d/sparse" 4000000 2500         # fill part of a hole
		truncate -s 6500000 "$d/sparse"      # cut the last extent
		truncate -s 99999 "$d/trunc"
	done
}

same_files() { # same_files NAME
	for f in dense sparse trunc; do
		check "$1-$f" cmp -s "$E/$f" "$MNT/$f"
	done
}

for bs in $BLOCK_SIZES; do
	for w in $ENGINES; do
		t=cross-$bs-$w
		mkfs_q "$bs" && mnt "engine=$w" || { fail "$t-mount"; continue; }
		make_files "$MNT"
		same_files "$t-written"
		# Holes: far fewer 512-byte sectors than the 7 MB size would need.
		check "$t-sparse-holes" [ "$(stat -c %b "$MNT/sparse")" -lt 400 ]
		umount "$MNT"
		for r in $ENGINES; do
			mnt "engine=$r" || { fail "$t-by-$r-mount"; continue; }
			same_files "$t-read-by-$r"
			umount "$MNT"
		done
		# Each engine changes the files in turn; the next engine reads them.
		prev=$w
		for r in $ENGINES; do
			mnt "engine=$r" || { fail "$t-change-$r-mount"; continue; }
			same_files "$t-$prev-changes-read-by-$r"
			change_files "$MNT"
			sync
			same_files "$t-changed-by-$r"
			umount "$MNT"
			prev=$r
		done
		mnt "engine=$w" && same_files "$t-final-by-$w"
		fsck_clean "$t"
	done
done
finish
