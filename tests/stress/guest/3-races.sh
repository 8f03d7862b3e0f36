#!/bin/sh
# Guest side of make stress part 3 (tests/stress/3-races), busybox sh:
#   sh 3-races.sh SEED SECONDS "ENGINES"
# Per engine: mkfs (block size and allocator chosen by the seed), mount,
# `mpfs-stress race` for its share of SECONDS, remount, `mpfs-stress
# race-verify` (the model against what reached the disk), fsck.mpfs -n.
SEED=${1:?seed} SECS=${2:?seconds} ENGINES=${3:-kernel port}
PART=3-races
DEV=$SCRATCH_DEV MNT=$SCRATCH_MNT
say() { echo "p3: $*"; }
. "$(dirname "$0")/lib.sh"

# check_model: what reached the disk against the race's model.
check_model() {
	mpfs-stress race-verify "$MNT" "$SEED" /tmp/race.model >/tmp/verify.out 2>&1 ||
		note "after remount: $(grep -m1 FAIL /tmp/verify.out)"
	cat /tmp/verify.out
}
# A task blocked for 20 s is a hang (vm-run fails the run on the report);
# under a debug kernel (make check-debug), whose every lock and allocation is
# checked and which shares one host thread among the 4 vCPUs, 60 s.
case $(uname -r) in
*-mpfs-debug) echo 60 >/proc/sys/kernel/hung_task_timeout_secs ;;
*) echo 20 >/proc/sys/kernel/hung_task_timeout_secs ;;
esac

n=0
for e in $ENGINES; do n=$((n + 1)); done
# Boot, mkfs, remounts and verification take about 15 s of the share here.
per=$(((SECS - 15) / n))
[ $per -lt 8 ] && per=8
sizes="1024 2048 4096"
i=0 fails=0
for E in $ENGINES; do
	i=$((i + 1))
	set -- $sizes
	shift $(((SEED + i) % 3))
	BS=$1
	if [ $(((SEED / 3 + i) % 2)) = 0 ]; then ALLOC=contiguous; else ALLOC=scatter:$SEED; fi
	say "engine=$E: block size $BS, alloc=$ALLOC, $per s"
	f=0
	what=
	klines=$(dmesg | wc -l)
	mkfs.mpfs -q -f -b "$BS" "$DEV" >/dev/null && mount -t mpfs -o "engine=$E,alloc=$ALLOC" "$DEV" "$MNT" ||
		{ f=1; what="mkfs/mount failed"; }
	ops=0
	if [ $f = 0 ]; then
		mpfs-stress race "$MNT" "$per" "$SEED" /tmp/race.model >/tmp/race.out 2>&1
		rc=$?
		cat /tmp/race.out
		ops=$(sed -n 's/^race: ops \([0-9]*\).*/\1/p' /tmp/race.out)
		[ $rc = 0 ] || note "race workload: $(grep -m1 'FAIL' /tmp/race.out || echo "exit $rc")"
		remounted "engine=$E,alloc=$ALLOC" check_model
		fsck_clean
	fi
	if dmesg | tail -n +$((klines + 1)) | grep -qE 'blocked for more than|hung task'; then
		f=$((f + 1)); what="${what:+$what; }hung task reported"
	fi
	[ $f = 0 ] || echo "stress-fail: $PART $E seed=$SEED bs=$BS alloc=$ALLOC: $what; reproduce: make stress STRESS_SEED=$SEED STRESS_PARTS=3"
	echo "stress-row: $PART $E ${ops:-0} 0 $f"
	fails=$((fails + f))
done
[ $fails = 0 ]
