#!/bin/sh
# mpfs-bench [--rounds N] [--mib N] [--block-size BS]
#
# In the guest: for each round, both engines (which goes first alternates
# between rounds, so drift affects both), each on a fresh filesystem on
# $SCRATCH_DEV: buffered write of an N MiB file + fsync, remount (cold cache),
# sequential read of it.
# Prints MB/s per engine and round, the port/kernel ratio per round and its
# median, and block-layer requests per MiB (scheduler none, nomerges=2: one
# request per bio unless the block layer had to split it). A measurement,
# not a test: it exits 0 unless something failed to run.
set -u
rounds=3 mib=256 bs=4096
while [ $# -gt 0 ]; do
	case $1 in
	--rounds) rounds=$2; shift 2 ;;
	--mib) mib=$2; shift 2 ;;
	--block-size) bs=$2; shift 2 ;;
	*) echo "mpfs-bench: unknown argument $1" >&2; exit 2 ;;
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
trap 'grep -q " $mnt " /proc/mounts && umount "$mnt"' EXIT

# requests completed: field 1 reads, field 5 writes of /sys/block/DEV/stat
reqs() { awk -v f="$1" '{ print $f }' "/sys/block/$name/stat"; }

res=/tmp/mpfs-bench.$$
: >"$res"
echo "mpfs-bench: $rounds rounds, ${mib} MiB file, block size $bs, $(nproc) CPUs"
printf '%-6s %-7s %10s %10s %12s %12s\n' round engine write_MB/s read_MB/s write_req/MiB read_req/MiB
r=1
while [ $r -le "$rounds" ]; do
	# Alternate which engine goes first, so drift over the run (host load,
	# page-cache aging) does not always favour the same one.
	order="kernel port"
	[ $((r % 2)) = 0 ] && order="port kernel"
	for engine in $order; do
		mkfs.mpfs -f -b "$bs" "$dev" >/dev/null || exit 1
		mount -t mpfs -o noatime,engine=$engine "$dev" "$mnt" || exit 1
		w0=$(reqs 5)
		set -- $(mpfs-compare timed-write "$mnt/bench" "$mib") || exit 1
		wbytes=$1 wsecs=$2
		w1=$(reqs 5)
		umount "$mnt" || exit 1
		mount -t mpfs -o noatime,engine=$engine "$dev" "$mnt" || exit 1
		r0=$(reqs 1)
		set -- $(mpfs-compare timed-read "$mnt/bench") || exit 1
		rbytes=$1 rsecs=$2
		r1=$(reqs 1)
		umount "$mnt" || exit 1
		echo "$r $engine $wbytes $wsecs $((w1 - w0)) $rbytes $rsecs $((r1 - r0))" >>"$res"
		awk -v r=$r -v e=$engine -v wb="$wbytes" -v ws="$wsecs" -v wq=$((w1 - w0)) \
			-v rb="$rbytes" -v rs="$rsecs" -v rq=$((r1 - r0)) 'BEGIN {
			printf "%-6s %-7s %10.1f %10.1f %12.2f %12.2f\n", r, e, wb / ws / 1e6, rb / rs / 1e6,
				wq / (wb / 1048576), rq / (rb / 1048576) }'
	done
	r=$((r + 1))
done

# Per round: port/kernel throughput ratio; then the median over rounds.
awk '
	{ w[$1, $2] = $3 / $4; rd[$1, $2] = $6 / $7; if ($1 > n) n = $1 }
	function median(a, k,   i, j, t) {
		for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
		return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
	}
	END {
		print "port/kernel throughput ratio (>1: port faster)"
		printf "%-6s %10s %10s\n", "round", "write", "read"
		for (i = 1; i <= n; i++) {
			rw[i] = w[i, "port"] / w[i, "kernel"]; rr[i] = rd[i, "port"] / rd[i, "kernel"]
			printf "%-6s %10.3f %10.3f\n", i, rw[i], rr[i]
		}
		printf "%-6s %10.3f %10.3f\n", "median", median(rw, n), median(rr, n)
	}' "$res"
rm -f "$res"
