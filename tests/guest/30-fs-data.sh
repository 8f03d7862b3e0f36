#!/bin/sh
# Data integrity per block size and engine: a patterned multi-MiB file written
# with odd-sized writes, read back, re-read after umount/remount (cold cache)
# and through the other engine; appends and overwrites in place; fsck clean.
. "$(dirname "$0")/30-fs-lib.inc"

pattern "$TMP/pat" 4096                       # 4 MiB
head -c 1234 "$TMP/pat" >>"$TMP/pat"         # size not a multiple of any block
for bs in $BLOCK_SIZES; do
	for e in $ENGINES; do
		t=data-$bs-$e
		mkfs_q "$bs" || { fail "$t-mkfs"; continue; }
		mnt "engine=$e" || { fail "$t-mount"; continue; }
		dd if="$TMP/pat" of="$MNT/f" bs=7000 2>/dev/null
		check "$t-write-read" cmp -s "$TMP/pat" "$MNT/f"
		umount "$MNT"
		mnt "engine=$e"
		check "$t-remount-read" cmp -s "$TMP/pat" "$MNT/f"
		# partial overwrite in the middle and an append
		printf 'OVERWRITE' | dd of="$MNT/f" bs=1 seek=1000000 conv=notrunc 2>/dev/null
		echo tail >>"$MNT/f"
		cp "$TMP/pat" "$TMP/exp"
		printf 'OVERWRITE' | dd of="$TMP/exp" bs=1 seek=1000000 conv=notrunc 2>/dev/null
		echo tail >>"$TMP/exp"
		sync
		check "$t-overwrite-append" cmp -s "$TMP/exp" "$MNT/f"
		umount "$MNT"
		other=kernel; [ "$e" = kernel ] && other=port
		mnt "engine=$other"
		check "$t-read-by-$other" cmp -s "$TMP/exp" "$MNT/f"
		check "$t-mount-options" grep -q "$MNT mpfs .*engine=$other" /proc/mounts
		fsck_clean "$t"
	done
done
finish
