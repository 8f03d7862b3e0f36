#!/bin/sh
# Sparse files (holes read as zeros, in the direct, indirect and double-
# indirect ranges) and truncation: shrink to odd sizes across the pointer
# ranges frees blocks, extend leaves a hole, the partial block is zeroed.
. "$(dirname "$0")/30-fs-lib.inc"

blocks_of() { stat -c %b "$1"; }

pattern "$TMP/pat" 64
for bs in $BLOCK_SIZES; do
	for e in $ENGINES; do
		t=sparse-$bs-$e
		mkfs_q "$bs" && mnt "engine=$e" || { fail "$t-mount"; continue; }
		f=$MNT/s
		# 8 KiB of data at 0, at 100 KiB (indirect at 1K blocks) and at 9 MiB
		# (double indirect for 1K and 2K blocks), holes in between.
		for off in 0 100 9216; do
			dd if="$TMP/pat" of="$f" bs=1024 seek=$off count=8 conv=notrunc 2>/dev/null
		done
		check "$t-size" [ "$(stat -c %s "$f")" -eq $(((9216 + 8) * 1024)) ]
		check "$t-allocated-less" [ "$(blocks_of "$f")" -lt 200 ]
		zeros "$TMP/z" $((92 * 1024))
		check "$t-hole1-zero" sh -c "dd if='$f' bs=1024 skip=8 count=92 2>/dev/null | cmp -s - '$TMP/z'"
		head -c 8192 "$TMP/pat" >"$TMP/p8"
		check "$t-data2" sh -c "dd if='$f' bs=1024 skip=100 count=8 2>/dev/null | cmp -s - '$TMP/p8'"
		check "$t-data3" sh -c "dd if='$f' bs=1024 skip=9216 count=8 2>/dev/null | cmp -s - '$TMP/p8'"
		umount "$MNT"; mnt "engine=$e"
		zeros "$TMP/z" $((9108 * 1024))
		check "$t-hole2-zero-cold" sh -c "dd if='$f' bs=1024 skip=108 count=9108 2>/dev/null | cmp -s - '$TMP/z'"

		t=trunc-$bs-$e
		g=$MNT/t
		cp "$TMP/pat" "$g"
		big=$((3 * 1024 * 1024 + 333))
		dd if=/dev/zero of="$g" bs=1 count=1 seek=$((big - 1)) conv=notrunc 2>/dev/null
		dd if="$TMP/pat" of="$g" bs=1024 seek=2048 conv=notrunc 2>/dev/null
		sync
		b0=$(blocks_of "$g")
		for sz in 2100000 70001 5000; do
			truncate -s $sz "$g"
			check "$t-shrink-$sz-size" [ "$(stat -c %s "$g")" -eq $sz ]
		done
		check "$t-shrink-frees" [ "$(blocks_of "$g")" -lt "$b0" ]
		# data on disk (synced), shrink to an odd size, extend: the tail must
		# read as zeros (partial block zeroed, the rest a hole), also cold
		cp "$TMP/pat" "$g"
		sync
		truncate -s 5000 "$g"
		truncate -s 70000 "$g"
		head -c 5000 "$TMP/pat" >"$TMP/exp"
		head -c 65000 /dev/zero >>"$TMP/exp"
		check "$t-extend-zero-tail" cmp -s "$TMP/exp" "$g"
		umount "$MNT"; mnt "engine=$e"
		check "$t-extend-zero-tail-cold" cmp -s "$TMP/exp" "$g"
		# a shrunk file keeps no block past its size (fsck checks it below)
		cp "$TMP/pat" "$MNT/h"
		sync
		truncate -s 3000 "$MNT/h"
		truncate -s 1 "$g"
		truncate -s 0 "$g"
		check "$t-empty-no-blocks" [ "$(blocks_of "$g")" -eq 0 ]
		fsck_clean "$t"
	done
done
finish
