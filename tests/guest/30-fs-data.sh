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
		other=$(next_engine "$e")
		mnt "engine=$other"
		check "$t-read-by-$other" cmp -s "$TMP/exp" "$MNT/f"
		check "$t-mount-options" grep -q "$MNT mpfs .*engine=$other" /proc/mounts
		fsck_clean "$t"
	done
done

# Concurrency: parallel writers share the allocator; a reader and a
# truncater race on one file. Data intact, no kernel complaint, fsck clean.
for e in $ENGINES; do
	t=concurrent-$e
	mkfs_q 1024 && mnt "engine=$e" || { fail "$t-mount"; continue; }
	for i in 1 2 3 4; do dd if="$TMP/pat" of="$MNT/c$i" bs=$((3000 + i)) 2>/dev/null & done
	cp "$TMP/pat" "$MNT/race"
	(i=0; while [ $i -lt 20 ]; do cat "$MNT/race" >/dev/null; i=$((i + 1)); done) &
	(i=0; while [ $i -lt 20 ]; do truncate -s $((i * 100003)) "$MNT/race"; i=$((i + 1)); done) &
	wait
	ok=1
	for i in 1 2 3 4; do cmp -s "$TMP/pat" "$MNT/c$i" || ok=0; done
	check "$t-writers-data" [ $ok -eq 1 ]
	umount "$MNT"; mnt "engine=$e"
	ok=1
	for i in 1 2 3 4; do cmp -s "$TMP/pat" "$MNT/c$i" || ok=0; done
	check "$t-writers-data-cold" [ $ok -eq 1 ]
	fsck_clean "$t"
done

# Mount options: unknown or malformed ones are refused with EINVAL and a log
# line; remount keeps engine= and alloc= (changing them is refused).
mkfs_q 4096
for bad in engine=bogus alloc=scatter: alloc=scatter:x12 nosuchoption iomap_large_folios=2 \
	engine=port,iomap_large_folios=0; do
	klog_mark
	if mnt "$bad" 2>/dev/null; then
		fail "options-refuse-$bad" "mounted"; umount "$MNT"
	else
		check "options-refuse-$bad-logged" sh -c "dmesg | tail -n +$((_klog_n + 1)) | grep -q 'mpfs: '"
	fi
done
mnt engine=port,alloc=scatter:5
check options-remount-same mount -o remount,engine=port,alloc=scatter:5 "$MNT"
check options-remount-ro mount -o remount,ro "$MNT"
check_not options-remount-ro-write sh -c "echo x >'$MNT/x' 2>/dev/null"
check options-remount-rw mount -o remount,rw "$MNT"
check_not options-remount-engine-change mount -o remount,engine=kernel "$MNT" 2>/dev/null
check_not options-remount-alloc-change mount -o remount,alloc=reverse "$MNT" 2>/dev/null
check options-still-port grep -q "$MNT mpfs .*engine=port,alloc=scatter:5" /proc/mounts
fsck_clean options
mnt engine=iomap,iomap_large_folios=0
check options-iomap-shown grep -q "$MNT mpfs .*engine=iomap,iomap_large_folios=0,alloc=contiguous" /proc/mounts
check options-iomap-remount-same mount -o remount,engine=iomap,iomap_large_folios=0 "$MNT"
check_not options-iomap-remount-folios-change mount -o remount,iomap_large_folios=1 "$MNT" 2>/dev/null
check_not options-iomap-remount-engine-change mount -o remount,engine=port "$MNT" 2>/dev/null
fsck_clean options-iomap
finish
