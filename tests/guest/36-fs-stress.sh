#!/bin/sh
# Random operations (seeded, reproducible: MPFS_STRESS_SEED, MPFS_STRESS_OPS):
# writes at random offsets, truncates, unlinks, renames, hard links, mkdir/
# rmdir/directory moves, reads, sync and cache drops, under each engine, block
# size and a contiguous and a scattered allocator. The filesystem must stay
# consistent (fsck clean) and the kernel log free of complaints (the driver).
. "$(dirname "$0")/30-fs-lib.inc"

OPS=${MPFS_STRESS_OPS:-200}
SEED=${MPFS_STRESS_SEED:-1}

stress() {
	mkdir "$MNT/d0" "$MNT/d1" "$MNT/d2"
	_i=0
	while [ $_i -lt "$OPS" ]; do
		f=$MNT/d$((RANDOM % 3))/f$((RANDOM % 15))
		g=$MNT/d$((RANDOM % 3))/f$((RANDOM % 15))
		s=$MNT/d$((RANDOM % 3))/s$((RANDOM % 4))
		case $((RANDOM % 11)) in
		0 | 1) dd if=/dev/urandom of="$f" bs=$((RANDOM % 9000 + 1)) count=$((RANDOM % 12 + 1)) \
			seek=$((RANDOM % 400)) conv=notrunc 2>/dev/null ;;
		2) truncate -s $((RANDOM * 37 % 3000000)) "$f" 2>/dev/null ;;
		3) rm -f "$f" ;;
		4) mv "$f" "$g" 2>/dev/null ;;
		5) ln "$f" "$g" 2>/dev/null ;;
		6) mkdir "$s" 2>/dev/null ;;
		7) rmdir "$s" 2>/dev/null || mv "$s" "$MNT/d$((RANDOM % 3))/s$((RANDOM % 4))" 2>/dev/null ;;
		8) cat "$f" >/dev/null 2>&1 ;;
		9) sync ;;
		10) echo 3 >/proc/sys/vm/drop_caches ;;
		esac
		_i=$((_i + 1))
	done
}

n=0
for bs in $BLOCK_SIZES; do
	for e in $ENGINES; do
		for a in contiguous scatter:3; do
			n=$((n + 1))
			t=stress-$bs-$e-$a
			RANDOM=$((SEED * 100 + n))
			mkfs_q "$bs" && mnt "engine=$e,alloc=$a" || { fail "$t-mount"; continue; }
			stress
			fsck_clean "$t"
		done
	done
done
finish
