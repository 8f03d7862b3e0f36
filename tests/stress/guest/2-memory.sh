#!/bin/sh
# Guest side of make stress part 2 (tests/stress/2-memory), busybox sh:
#   sh 2-memory.sh SEED SECONDS "ENGINES"
# Per engine: mkfs (block size by the seed), mount, randio in the cgroup
# /sys/fs/cgroup/mpfs-stress (memory.max $LIMIT), then remount and compare the
# file's hash with the model's, fsck.mpfs -n, and the cgroup's memory.events.
SEED=${1:?seed} SECS=${2:?seconds} ENGINES=${3:-kernel port}
PART=2-memory
DEV=$SCRATCH_DEV MNT=$SCRATCH_MNT
LIMIT=${MPFS_STRESS_MEMORY_MAX:-24M}
FILE_MIB=64
CG=/sys/fs/cgroup
say() { echo "p2: $*"; }
. "$(dirname "$0")/lib.sh"

# check_hash: the file as the remount reads it against the model's hash $want.
check_hash() {
	got=$(mpfs-stress probe "open a $MNT/f" "scan a 1048576" | sed -n 's/.* h=\([0-9a-f]*\)$/\1/p')
	echo "after remount: h=$got (model h=$want)"
	[ -n "$want" ] && [ "$got" = "$want" ] || note "after remount the file's hash $got is not the model's $want"
}

fail_all() {
	for e in $ENGINES; do
		echo "stress-fail: $PART $e seed=$SEED $1"
		echo "stress-row: $PART $e 0 0 1"
	done
	exit 1
}
mkdir -p $CG
grep -q " $CG cgroup2 " /proc/mounts || mount -t cgroup2 none $CG || fail_all "cannot mount cgroup2"
grep -qw memory $CG/cgroup.controllers || fail_all "no memory controller in cgroup v2"
echo +memory >$CG/cgroup.subtree_control || fail_all "cannot enable the memory controller"

# mpfs does not opt into cgroup writeback (SB_I_CGROUPWB), so what throttles
# writers is the global dirty limit (a share of the guest's whole memory,
# some 100 MB), not the cgroup's: at 1K blocks on 6.12 the cgroup filled with
# dirty and writeback pages (13 MB and 4 MB of 24) that its reclaim could not
# clean, and the workload was OOM-killed, under engine=kernel as under
# engine=port (seed 992881). A global limit well under memory.max throttles
# writers first; this guest runs nothing else.
echo $((4 << 20)) >/proc/sys/vm/dirty_bytes
echo $((1 << 20)) >/proc/sys/vm/dirty_background_bytes

n=0
for e in $ENGINES; do n=$((n + 1)); done
per=$(((SECS - 20) / n))
[ $per -lt 8 ] && per=8
i=0 fails=0
for E in $ENGINES; do
	i=$((i + 1))
	set -- 1024 2048 4096
	shift $(((SEED + i) % 3))
	BS=$1
	rseed=$((SEED * 10 + i))
	say "engine=$E: block size $BS, memory.max $LIMIT, file $FILE_MIB MiB, $per s"
	f=0 what= ops=0 hits=0
	klines=$(dmesg | wc -l)
	cg=$CG/mpfs-stress-$E
	mkdir -p "$cg" && echo "$LIMIT" >"$cg/memory.max" || { f=1; what="cgroup setup failed"; }
	if [ $f = 0 ] && mkfs.mpfs -q -f -b "$BS" "$DEV" >/dev/null && mount -t mpfs -o "engine=$E" "$DEV" "$MNT"; then
		# The workload in the cgroup: its page cache is charged there.
		sh -c "echo \$\$ >$cg/cgroup.procs && exec mpfs-stress randio $MNT/f $FILE_MIB $per $rseed" >/tmp/randio.out 2>&1
		rc=$?
		cat /tmp/randio.out
		cat "$cg/memory.events"
		grep -E '^(file|file_dirty|file_writeback|pgscan|pgsteal|workingset_refault_file) ' "$cg/memory.stat" | tr '\n' ' '
		echo
		hits=$(sed -n 's/^max //p' "$cg/memory.events")
		ooms=$(sed -n 's/^oom_kill //p' "$cg/memory.events")
		ops=$(sed -n 's/^randio: ops \([0-9]*\).*/\1/p' /tmp/randio.out)
		want=$(sed -n 's/.*model h=\([0-9a-f]*\).*/\1/p' /tmp/randio.out)
		[ "$rc" = 0 ] || note "randio exit $rc: $(grep -m1 'FAIL' /tmp/randio.out)"
		[ "${ooms:-0}" = 0 ] || note "OOM-killed ($ooms)"
		[ "${hits:-0}" -gt 0 ] || note "memory.max never reached: no pressure"
		remounted "engine=$E" check_hash
		fsck_clean
	elif [ $f = 0 ]; then
		f=1; what="mkfs/mount failed"
	fi
	if dmesg | tail -n +$((klines + 1)) | grep -qiE 'out of memory|oom-kill|page allocation failure'; then
		f=$((f + 1)); what="${what:+$what; }kernel log: $(dmesg | tail -n +$((klines + 1)) | grep -iE -m1 'out of memory|oom-kill|page allocation failure')"
	fi
	[ $f = 0 ] || echo "stress-fail: $PART $E seed=$SEED bs=$BS randio seed $rseed: $what; reproduce: make stress STRESS_SEED=$SEED STRESS_PARTS=2"
	echo "stress-row: $PART $E ${ops:-0} ${hits:-0} $f"
	fails=$((fails + f))
	rmdir "$cg" 2>/dev/null
done
[ $fails = 0 ]
