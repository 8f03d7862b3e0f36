#!/bin/sh
# mpfs-profile ENGINE WORKLOAD BS ROUNDS: the guest half of scripts/insn-profile.
# Makes a fresh mpfs of block size BS with the 32 MiB file of make bench, then
# runs WORKLOAD (one of make bench's: seq-read read-folio mmap-read
# write-fsync writepages-scatter) ROUNDS times under engine=ENGINE, each on a
# fresh mount, with make bench's queue settings and no background writeback.
# Prints "mpfs-profile: pages N" (the 4 KiB pages the workload moved in all)
# and leaves /proc/kallsyms in /host/kallsyms-ENGINE for the symboliser.
set -u
e=${1:?engine} wl=${2:?workload} bs=${3:?block size} rounds=${4:-3}
dev=${SCRATCH_DEV:?} mnt=${SCRATCH_MNT:?}
q=/sys/block/${dev##*/}/queue
echo none >"$q/scheduler" 2>/dev/null
echo 2 >"$q/nomerges"
echo 128 >"$q/read_ahead_kb"
echo 360000 >/proc/sys/vm/dirty_expire_centisecs
echo 360000 >/proc/sys/vm/dirty_writeback_centisecs
mkfs.mpfs -f -b "$bs" "$dev" >/dev/null || exit 1
# The file is written under engine=iomap, so that the kernel's and the port's
# mpage functions count the workload alone (every engine's guest does this
# same setup: iomap's functions come out equal in every column).
mount -t mpfs -o noatime,engine=iomap "$dev" "$mnt" || exit 1
dd if=/dev/zero of="$mnt/f" bs=1M count=32 2>/dev/null && sync || exit 1
umount "$mnt" || exit 1
bytes=0 r=1
while [ $r -le "$rounds" ]; do
	opts=noatime,engine=$e
	[ "$wl" = writepages-scatter ] && opts=$opts,alloc=scatter:1
	mount -t mpfs -o "$opts" "$dev" "$mnt" || exit 1
	case $wl in
	seq-read) set -- seq "$mnt/f" ;;
	read-folio) set -- read-folio "$mnt/f" 1000 "$r" ;;
	mmap-read) set -- mmap "$mnt/f" ;;
	write-fsync) set -- write "$mnt/w" 16384 ;;
	writepages-scatter) set -- write "$mnt/w" 3072 768 ;;
	*) echo "mpfs-profile: unknown workload $wl" >&2; exit 2 ;;
	esac
	# shellcheck disable=SC2046 # its four numbers, as words
	set -- $(mpfs-cost "$@") || exit 1
	bytes=$((bytes + $3))
	rm -f "$mnt/w"
	umount "$mnt" || exit 1
	r=$((r + 1))
done
cat /proc/kallsyms >"/host/kallsyms-$e" || exit 1
echo "mpfs-profile: pages $((bytes / 4096))"
