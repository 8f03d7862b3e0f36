#!/bin/sh
# Guest side of make stress part 1 (tests/stress/1-device-errors), busybox sh:
#   sh 1-device-errors.sh SEED SECONDS "ENGINES"
# A device-mapper device over $SCRATCH_DEV carries the filesystem; a scenario
# swaps its table to put dm-error under the sectors of one block, found with
# FIBMAP (data blocks) or from the on-disk inode (the indirect block). Reads
# and writes of those sectors fail. Write scenarios use dm-error too, not
# dm-flakey's error_writes: flakey also fails the empty flush bio every fsync
# sends (measured: every fsync, on any descriptor, returned EIO), which would
# hide what errseq reports; dm-error gets no flushes, and nothing reads the
# block while it is armed because the page cache holds its data. Per scenario
# and engine: fresh mkfs + identical files, cold cache, arm, one
# `mpfs-stress probe` run of syscalls, disarm, then what reads back (every
# file, after dropping the caches), umount, fsck.mpfs -n, remount. The
# outcome text of each engine must equal the first engine's; the fault must
# have been seen (an EIO or SIGBUS) and fsck must be clean. Rounds repeat with
# seed+1, seed+2, ... while another round fits in SECONDS (at least one).
SEED=${1:?seed} SECS=${2:?seconds} ENGINES=${3:-kernel port} # 4th: SCENARIOS (default all)
PART=1-device-errors
DEV=$SCRATCH_DEV MNT=$SCRATCH_MNT
W=/tmp/p1
NAME=mpfs-fault
FDEV=/dev/mapper/$NAME
mkdir -p "$W"
export DM_DISABLE_UDEV=1
t_end=$(($(date +%s) + SECS))
say() { echo "p1: $*"; }

# No flusher: dirty pages stay dirty until the scenario's fsync.
echo 0 >/proc/sys/vm/dirty_writeback_centisecs
echo 360000 >/proc/sys/vm/dirty_expire_centisecs

modprobe -a dm_mod dm_flakey 2>/dev/null
i=0
while [ ! -c /dev/mapper/control ] && [ $i -lt 50 ]; do usleep 100000; i=$((i + 1)); done
SECTORS=$(blockdev --getsz "$DEV")

# dm_table [error START NSECTORS]: the whole device linear, with the
# given sectors replaced by the fault target.
dm_table() {
	if [ $# -eq 0 ]; then
		echo "0 $SECTORS linear $DEV 0"
		return
	fi
	_s=$2 _n=$3
	[ "$_s" -gt 0 ] && echo "0 $_s linear $DEV 0"
	case $1 in
	error) echo "$_s $_n error" ;;
	esac
	_e=$((_s + _n))
	[ "$_e" -lt "$SECTORS" ] && echo "$_e $((SECTORS - _e)) linear $DEV $_e"
}
dm_set() {
	dm_table "$@" >"$W/table"
	dmsetup suspend --nolockfs "$NAME" && dmsetup load "$NAME" "$W/table" && dmsetup resume "$NAME"
}
dm_table >"$W/table"
if ! dmsetup create --noudevsync "$NAME" "$W/table" >"$W/dm.err" 2>&1; then
	say "dmsetup create failed: $(cat "$W/dm.err")"
	for e in $ENGINES; do
		echo "stress-fail: $PART $e seed=$SEED device mapper unavailable in the guest: $(head -c 200 "$W/dm.err")"
		echo "stress-row: $PART $e 0 0 1"
	done
	exit 1
fi
i=0
while [ ! -b "$FDEV" ] && [ $i -lt 50 ]; do usleep 100000; i=$((i + 1)); done

rd_le64() { od -An -tu8 -j "$2" -N8 "$1" | tr -d ' '; }
rd_le32() { od -An -tu4 -j "$2" -N4 "$1" | tr -d ' '; }
probe() { mpfs-stress probe "$@"; }
val() { sed -n 's/.* -> //p' | tail -n 1; } # the result of a probe's last op

# fresh BS ALLOC: a new filesystem on the (healed) dm device, mounted with $E
fresh() {
	dm_set || return 1
	mkfs.mpfs -q -f -b "$1" "$FDEV" >/dev/null || return 1
	mount -t mpfs -o "engine=$E,noatime,alloc=$2" "$FDEV" "$MNT"
}
remount() { umount "$MNT" && mount -t mpfs -o "engine=$E,noatime,alloc=$ALLOC" "$FDEV" "$MNT"; }

# The files: o1 before v and o2 after it, all with seeded contents.
VSIZE=262144
populate() {
	probe "open o1 $MNT/o1" "pwrite o1 0 100000 $KEY 1" "open v $MNT/v" "pwrite v 0 $VSIZE $KEY 1" \
		"open o2 $MNT/o2" "pwrite o2 0 70001 $KEY 1" sync >/dev/null
}
# What the untouched files must read back as: the same writes on tmpfs.
reference() {
	rm -rf "$W/ref" && mkdir -p "$W/ref"
	probe "open o1 $W/ref/o1" "pwrite o1 0 100000 $KEY 1" "open o2 $W/ref/o2" "pwrite o2 0 70001 $KEY 1" \
		"scan o1 4096" "scan o2 4096" | sed -n 's/^scan \(o[12]\) 4096 -> /\1 /p' >"$W/ref.txt"
}

# sectors_of_lblk L: "START NSECTORS" of file block L of v (FIBMAP)
sectors_of_lblk() {
	_b=$(probe "open v $MNT/v" "fibmap v $1" | val)
	echo "$((_b * BS / 512)) $((BS / 512))"
}
# sectors_of_indirect: the indirect block of v (i_block[12] of its inode)
sectors_of_indirect() {
	_ino=$(stat -c %i "$MNT/v")
	_it=$(rd_le64 "$FDEV" 48)
	_b=$(rd_le32 "$FDEV" $((_it * BS + (_ino - 1) * 128 + 56 + 48)))
	echo "$((_b * BS / 512)) $((BS / 512))"
}

# scenario NAME: sets BS, ALLOC, KIND and OPS (probe ops, run while armed) and
# TARGET (a command printing the sectors to fail). K is this round's block.
scenario() {
	ALLOC=contiguous BS=4096 KIND=error
	case $1 in
	readahead)
		TARGET="sectors_of_lblk $K"
		OPS="open|v|$MNT/v;scan v 65536;pread v $((K * 4096)) 4096" ;;
	read_folio)
		TARGET="sectors_of_lblk $K"
		OPS="open|v|$MNT/v;readfolio v $K;readfolio v $(((K + 5) % 64));pread v $((K * 4096 + 100)) 50;readfolio v $K" ;;
	indirect)
		TARGET=sectors_of_indirect
		OPS="open|v|$MNT/v;pread v 0 4096;pread v 40960 8192;pread v 49152 4096;scan v 16384;pwrite v 53248 100 $KEY 5;mmapread v 200000" ;;
	writeback | confused)
		if [ "$1" = confused ]; then
			# 1K blocks scattered: no page's blocks are contiguous, so
			# writepages takes the buffer_head path (block_write_full_page)
			ALLOC=scatter:1 BS=1024
			TARGET="sectors_of_lblk $(((WK + 1) * 4 + 1))"
		else
			TARGET="sectors_of_lblk $((WK + 1))"
		fi
		OPS="open|a|$MNT/v;open|b|$MNT/v;pwrite a $((WK * 4096)) 16384 $KEY 2;ARM;fsync a;fsync a;fsync b;open|c|$MNT/v;fsync c;pwrite a 0 4096 $KEY 3;fsync a;fsync b;mmapread a $((WK * 4096 + 4096))" ;;
	mmap)
		TARGET="sectors_of_lblk $K"
		OPS="open|v|$MNT/v;mmapread v $((K * 4096 + 7));mmapread v $((K * 4096 + 7));mmapread v 0;pread v $((K * 4096)) 100" ;;
	esac
}

SCENARIOS=${4:-readahead read_folio indirect writeback confused mmap}

# one NAME: the scenario under engine $E; the outcome in $W/NAME-$E.out
one() {
	scenario "$1"
	out=$W/$1-$E.out
	: >"$out"
	fresh "$BS" "$ALLOC" || { echo "setup failed: mkfs/mount" >>"$out"; return 1; }
	populate
	remount || { echo "setup failed: remount" >>"$out"; return 1; }
	sect=$($TARGET)
	remount # cold caches again: the lookup may have read the indirect block
	pre=${OPS%%;ARM;*}
	post=${OPS#*;ARM;}
	[ "$pre" = "$OPS" ] && pre= post=$OPS
	# The probe reads its ops from a fifo, so the fault is armed between two
	# ops of one process (descriptors opened before the fault stay open).
	rm -f "$W/fifo" && mkfifo "$W/fifo"
	mpfs-stress probe - <"$W/fifo" >>"$out" 2>&1 &
	ppid=$!
	exec 7>"$W/fifo"
	IFS_SAVE=$IFS
	IFS=';'
	for op in $pre; do echo "$op" | tr '|' ' ' >&7; done
	echo "sync-point" >&7
	IFS=$IFS_SAVE
	# wait until the probe has done the ops before ARM
	n=0
	while ! grep -q '^sync-point' "$out" && [ $n -lt 600 ]; do usleep 50000; n=$((n + 1)); done
	dm_set $KIND $sect
	IFS=';'
	for op in $post; do echo "$op" | tr '|' ' ' >&7; done
	IFS=$IFS_SAVE
	exec 7>&-
	wait $ppid
	echo "probe exit $?" >>"$out"
	grep -qE -- '-> (EIO|SIGBUS)' "$out" && seen=1 || seen=0
	dm_set
	echo "-- after healing, caches dropped" >>"$out"
	probe drop "open v $MNT/v" "scan v 4096" "open o1 $MNT/o1" "scan o1 4096" "open o2 $MNT/o2" "scan o2 4096" >>"$out" 2>&1
	for f in o1 o2; do
		want=$(sed -n "s/^$f //p" "$W/ref.txt")
		got=$(sed -n "s/^scan $f 4096 -> //p" "$out")
		[ "$want" = "$got" ] || echo "UNTOUCHED-FILE-CHANGED $f: want $want got $got" >>"$out"
	done
	umount "$MNT"
	echo "umount $?" >>"$out"
	fsck.mpfs -n "$FDEV" >"$W/fsck.txt" 2>&1
	frc=$?
	echo "fsck.mpfs -n exit $frc" >>"$out"
	cat "$W/fsck.txt" >>"$out"
	[ $frc = 0 ] || echo "FSCK-NOT-CLEAN" >>"$out"
	if mount -t mpfs -o "engine=$E,noatime,alloc=$ALLOC" "$FDEV" "$MNT"; then
		echo "remount ok, $(ls "$MNT" | wc -l) entries" >>"$out"
		umount "$MNT"
	else
		echo "REMOUNT-FAILED" >>"$out"
	fi
	[ $seen = 1 ] || echo "FAULT-NOT-SEEN (no EIO or SIGBUS while armed at sectors $sect)" >>"$out"
	echo "$sect" >"$W/$1-$E.sect"
}

cases=0
for e in $ENGINES; do eval "c_$e=0 f_$e=0 x_$e=0"; done
round=0
while :; do
	t_round=$(date +%s)
	rseed=$((SEED + round))
	RANDOM=$rseed
	KEY=$((rseed * 7919 + 1))
	K=$((RANDOM % 62 + 1))  # a block of v (64 blocks of 4K)
	WK=$((RANDOM % 56 + 2)) # first of the four rewritten pages
	reference
	say "round $round (seed $rseed): block $K, rewrite pages $WK-$((WK + 3))"
	for s in $SCENARIOS; do
		first=
		for E in $ENGINES; do
			one "$s"
			eval "c_$E=\$((c_$E + 1)) f_$E=\$((f_$E + 1))"
			bad=$(grep -E '^(UNTOUCHED-FILE-CHANGED|FSCK-NOT-CLEAN|REMOUNT-FAILED|FAULT-NOT-SEEN|setup failed)' "$W/$s-$E.out" | head -n 1)
			if [ -z "$first" ]; then
				first=$E
			elif ! cmp -s "$W/$s-$first.out" "$W/$s-$E.out"; then
				d=$(diff -u "$W/$s-$first.out" "$W/$s-$E.out" | grep -v '^---\|^+++' |
					sed -n "s/^-/$first: /p; s/^+/$E: /p" | head -n 4 | tr '\n' '|')
				bad="${bad:+$bad; }differs from engine=$first: $d"
			fi
			if [ -n "$bad" ]; then
				eval "x_$E=\$((x_$E + 1))"
				echo "stress-fail: $PART $E seed=$SEED scenario $s (round seed $rseed, sectors $(cat "$W/$s-$E.sect" 2>/dev/null)): $bad; reproduce: make stress STRESS_SEED=$SEED STRESS_PARTS=1"
				echo "--- $s engine=$E outcome:"
				cat "$W/$s-$E.out"
			fi
		done
		echo "--- $s engine=$first outcome (sectors $(cat "$W/$s-$first.sect" 2>/dev/null)):"
		cat "$W/$s-$first.out"
	done
	round=$((round + 1))
	# Another round only if it fits (a round took $dur s): the part keeps
	# to its share instead of overrunning it by most of a round.
	now=$(date +%s)
	dur=$((now - t_round))
	[ $((now + dur)) -le "$t_end" ] || break
done
dmsetup remove "$NAME"
fails=0
for e in $ENGINES; do
	eval "echo \"stress-row: $PART $e \$c_$e \$f_$e \$x_$e\""
	eval "fails=\$((fails + x_$e))"
done
say "$round round(s)"
[ $fails = 0 ]
