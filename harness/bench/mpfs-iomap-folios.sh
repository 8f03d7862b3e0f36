#!/bin/sh
# mpfs-iomap-folios [--mib N] [--block-sizes "1024 4096"]
#
# In the guest: what large folios change in engine=iomap's I/O. Per block
# size, on a fresh mpfs each time, engine=kernel (mpage), engine=iomap and
# engine=iomap,iomap_large_folios=0 each write an N MiB file with write()
# in 1 MiB calls and fsync it (write), then read it cold with read() in
# 1 MiB calls (read). Per run: the disk requests the device completed and
# their average size (/sys/block/DEV/stat; scheduler none and nomerges=2,
# so a request is a bio unless the block layer split it; metadata included).
# A measurement, not a test.
set -u
mib=32 sizes="1024 4096"
while [ $# -gt 0 ]; do
	case $1 in
	--mib) mib=$2; shift 2 ;;
	--block-sizes) sizes=$2; shift 2 ;;
	*) echo "mpfs-iomap-folios: unknown argument $1" >&2; exit 2 ;;
	esac
done
dev=${SCRATCH_DEV:?} mnt=${SCRATCH_MNT:?}
name=${dev##*/}
q=/sys/block/$name/queue
echo none >"$q/scheduler" 2>/dev/null
echo 2 >"$q/nomerges"
echo 128 >"$q/read_ahead_kb"
echo 360000 >/proc/sys/vm/dirty_expire_centisecs
echo 360000 >/proc/sys/vm/dirty_writeback_centisecs
echo 50 >/proc/sys/vm/dirty_background_ratio
echo 80 >/proc/sys/vm/dirty_ratio
trap 'grep -q " $mnt " /proc/mounts && umount "$mnt"' EXIT

# io R|W: completed requests and sectors of one direction.
io() { awk -v w="$1" '{ if (w == "R") print $1, $3; else print $5, $7 }' "/sys/block/$name/stat"; }
# delta OP BS CONFIG R|W BEFORE_REQ BEFORE_SECT: one result line.
delta() {
	set -- "$@" $(io "$4")
	awk -v op="$1" -v bs="$2" -v cfg="$3" -v r=$(($7 - $5)) -v s=$(($8 - $6)) 'BEGIN {
		printf "%-6s %-5s %-32s %8d %10.1f\n", op, bs / 1024 "K", cfg, r, r ? s * 512 / r / 1024 : 0 }'
}

echo "mpfs-iomap-folios: kernel $(uname -r), $mib MiB file, read_ahead_kb 128," \
	"max_sectors_kb $(cat $q/max_sectors_kb), max_segments $(cat $q/max_segments)"
printf "%-6s %-5s %-32s %8s %10s\n" op bs mount requests KiB/req
for bs in $sizes; do
	for cfg in engine=kernel engine=iomap engine=iomap,iomap_large_folios=0; do
		mkfs.mpfs -q -f -b "$bs" "$dev" >/dev/null || exit 1
		mount -t mpfs -o "noatime,$cfg" "$dev" "$mnt" || exit 1
		set -- $(io W)
		dd if=/dev/zero of="$mnt/f" bs=1M count="$mib" conv=fsync 2>/dev/null || exit 1
		delta write "$bs" "$cfg" W "$1" "$2"
		umount "$mnt" || exit 1
		mount -t mpfs -o "noatime,$cfg" "$dev" "$mnt" || exit 1
		stat "$mnt/f" >/dev/null
		set -- $(io R)
		dd if="$mnt/f" of=/dev/null bs=1M 2>/dev/null || exit 1
		delta read "$bs" "$cfg" R "$1" "$2"
		umount "$mnt" || exit 1
	done
done
