#!/bin/sh
# mpfs-compare-matrix [--json FILE] [--keep DIR] [--quiet] [CASE-SUBSTRING...]
#
# In the guest (POSIX/busybox sh): for every matrix case (mpfs-compare cases),
# run the case with engine=kernel and then engine=port, each on a freshly made
# filesystem on $SCRATCH_DEV, trace the workload's window with blktrace and
# compare the queued bios (RWBS, sector, size, in order). Prints one row per
# case and a verdict; exits 1 if any case diverged or failed, 0 otherwise.
#
# The traced window holds only the case's own I/O:
#  - the device runs with scheduler none, nomerges=2 and read_ahead_kb 128;
#  - the writeback flusher is kept out (dirty_expire/dirty_writeback 1 hour):
#    write cases flush with fsync or WRITEPAGES inside the window;
#  - the file is written and the filesystem remounted before the window (cold
#    cache), its inode looked up (stat) before tracing starts, and the
#    filesystem is mounted noatime; umount's writes come after the window.
# All bios of the window are compared, metadata included: the window's
# metadata I/O is what get_block issues (indirect blocks, whose order against
# data bios is what BH_Boundary decides) and what fsync writes (the inode),
# so leaving it out would hide differences. mpfs-compare diff --min-sector
# (first data block, printed per case) can narrow a divergence to data bios.
set -u

json= keep= quiet=0
while [ $# -gt 0 ]; do
	case $1 in
	--json) json=$2; shift 2 ;;
	--keep) keep=$2; shift 2 ;;
	--quiet) quiet=1; shift ;;
	--) shift; break ;;
	-*) echo "mpfs-compare-matrix: unknown option $1" >&2; exit 2 ;;
	*) break ;;
	esac
done

dev=${SCRATCH_DEV:?SCRATCH_DEV not set (run in the vm-run guest)}
mnt=${SCRATCH_MNT:?SCRATCH_MNT not set}
name=${dev##*/}
work=${TMPDIR:-/tmp}/mpfs-compare.$$
mkdir -p "$work" || exit 2
[ -n "$keep" ] && mkdir -p "$keep" && keep=$(cd "$keep" && pwd)
case $json in "" | /*) ;; *) json=$(pwd)/$json ;; esac
# blktrace writes OUT.blktrace.CPU relative to the current directory.
cd "$work" || exit 2

say() { [ "$quiet" = 1 ] || echo "$@"; }

# --- stable tracing conditions ----------------------------------------------
q=/sys/block/$name/queue
# Saved to be restored on exit: later tests in the same boot get the defaults.
saved_sched=$(sed 's/.*\[\(.*\)\].*/\1/' "$q/scheduler") saved_nomerges=$(cat "$q/nomerges")
saved_ra=$(cat "$q/read_ahead_kb") saved_expire=$(cat /proc/sys/vm/dirty_expire_centisecs)
saved_wb=$(cat /proc/sys/vm/dirty_writeback_centisecs)
echo none >"$q/scheduler" 2>/dev/null
echo 2 >"$q/nomerges"
echo 128 >"$q/read_ahead_kb"
echo 360000 >/proc/sys/vm/dirty_expire_centisecs
echo 360000 >/proc/sys/vm/dirty_writeback_centisecs
grep -q ' /sys/kernel/debug ' /proc/mounts || mount -t debugfs debugfs /sys/kernel/debug
ncpus=$(grep -c '^processor' /proc/cpuinfo)

cleanup() {
	[ -n "${bt_pid:-}" ] && kill -INT "$bt_pid" 2>/dev/null && wait "$bt_pid" 2>/dev/null
	grep -q " $mnt " /proc/mounts && umount "$mnt"
	echo "$saved_sched" >"$q/scheduler" 2>/dev/null
	echo "$saved_nomerges" >"$q/nomerges"
	echo "$saved_ra" >"$q/read_ahead_kb"
	echo "$saved_expire" >/proc/sys/vm/dirty_expire_centisecs
	echo "$saved_wb" >/proc/sys/vm/dirty_writeback_centisecs
	cd / && rm -rf "$work"
}
trap cleanup EXIT INT TERM

# alive PID: the process exists and is not a zombie.
alive() { [ -r /proc/$1/status ] && ! grep -q '^State:.*Z' /proc/$1/status 2>/dev/null; }

# trace_start OUT (a plain name): start blktrace on $dev; returns once the
# kernel is tracing. blktrace sets the trace up (BLKTRACESETUP), creates one
# tracer thread per online CPU, then starts it (BLKTRACESTART) at once; so it
# is ready when all its threads exist. Stopping it earlier would lose the
# window's first events, and a SIGINT while it creates its threads can leave
# one running forever (seen: main thread in pthread_join, a tracer in poll).
trace_start() {
	rm -f "$1".blktrace.*
	blktrace -d "$dev" -a queue -o "$1" >"$1.log" 2>&1 &
	bt_pid=$!
	want=$((ncpus + 1))
	i=0
	while [ "$(ls /proc/$bt_pid/task 2>/dev/null | wc -l)" -lt $want ]; do
		if ! alive "$bt_pid" || [ $i -gt 1000 ]; then
			echo "blktrace did not start:" >&2
			cat "$1.log" >&2
			kill -KILL "$bt_pid" 2>/dev/null
			wait "$bt_pid"
			bt_pid=
			return 1
		fi
		i=$((i + 1))
		sleep 0.01
	done
	sleep 0.1
}

# trace_stop OUT: stop blktrace, write OUT.txt (blkparse text); fail on drops.
trace_stop() {
	kill -INT "$bt_pid"
	i=0
	while alive "$bt_pid" && [ $i -lt 300 ]; do
		i=$((i + 1))
		sleep 0.1
	done
	if alive "$bt_pid"; then
		echo "blktrace did not stop within 30 s of SIGINT; its threads:" >&2
		for t in /proc/$bt_pid/task/*; do
			echo "  ${t##*/} $(cat $t/wchan 2>/dev/null)" >&2
			sed 's/^/    /' $t/stack >&2 2>/dev/null
		done
		kill -KILL "$bt_pid"
		wait "$bt_pid"
		bt_pid=
		blktrace -d "$dev" -k >/dev/null 2>&1 # tear down the kernel side it left
		return 1
	fi
	wait "$bt_pid"
	bt_pid=
	# blktrace ends with "Total: N events (dropped M), ..." and, on loss,
	# "You have M (x%) dropped events": a trace with holes compares nothing.
	if grep -E 'dropped [1-9]|You have [1-9][0-9]* .*dropped' "$1.log" >&2; then
		echo "blktrace dropped events" >&2
		return 1
	fi
	timeout "$step_timeout" blkparse -q -a queue -i "$1" >"$1.txt" 2>"$1.perr" ||
		{ echo "blkparse failed" >&2; cat "$1.perr" >&2; return 1; }
}

# run_engine CASE BS ALLOC ENGINE OUT: one traced run; prints the file's blocks.
# step WHAT CMD...: run one step with a time limit, so a step that stalls in
# an interruptible wait fails its case instead of the whole run's timeout (a
# task stuck in D state cannot be killed; the hung-task detector reports it).
step() {
	what=$1
	shift
	timeout "$step_timeout" "$@"
	src=$?
	[ $src = 0 ] || echo "mpfs-compare-matrix: $case_name ($engine): $what failed (exit $src)" >&2
	return $src
}
step_timeout=${MPFS_COMPARE_STEP_TIMEOUT:-120}

# run_engine CASE BS ALLOC ENGINE OUT: one traced run; prints the file's blocks.
run_engine() {
	case_name=$1 bs=$2 alloc=$3 engine=$4 out=$5
	f=$mnt/f
	step mkfs mkfs.mpfs -f -b "$bs" "$dev" >"$out.mkfs" 2>&1 || { cat "$out.mkfs" >&2; return 1; }
	opts=noatime,engine=$engine,alloc=$alloc
	step mount mount -t mpfs -o "$opts" "$dev" "$mnt" || return 1
	step setup mpfs-compare setup "$case_name" "$f" || { umount "$mnt"; return 1; }
	step umount umount "$mnt" || return 1
	step remount mount -t mpfs -o "$opts" "$dev" "$mnt" || return 1
	step stat stat "$f" >/dev/null || { umount "$mnt"; return 1; }
	trace_start "$out" || { umount "$mnt"; return 1; }
	step run mpfs-compare run "$case_name" "$f"
	rc=$?
	trace_stop "$out" || rc=1
	blocks=$(stat -c %b "$f")
	step umount umount "$mnt" || rc=1
	[ $rc = 0 ] || return 1
	echo $((blocks * 512 / bs))
}

cases=$(mpfs-compare cases | while read -r c bs alloc layout op; do
	if [ $# = 0 ]; then echo "$c $bs $alloc"; continue; fi
	for pat in "$@"; do
		case $c in *"$pat"*) echo "$c $bs $alloc"; break ;; esac
	done
done)
[ -n "$cases" ] || { echo "mpfs-compare-matrix: no case matches $*" >&2; exit 2; }

total=0 same=0 bad=0
rows=
printf '%-26s %7s %8s %8s %s\n' case blocks kernel port identical
echo "$cases" >cases
while read -r c bs alloc; do
	total=$((total + 1))
	kb=$(run_engine "$c" "$bs" "$alloc" kernel "$c.kernel") || kb=
	pb=
	[ -n "$kb" ] && pb=$(run_engine "$c" "$bs" "$alloc" port "$c.port") || pb=
	if [ -z "$kb" ] || [ -z "$pb" ]; then
		bad=$((bad + 1))
		printf '%-26s %7s %8s %8s %s\n' "$c" - - - "ERROR (run failed)"
		rows="$rows${rows:+,
}{\"case\": \"$c\", \"block_size\": $bs, \"alloc\": \"$alloc\", \"error\": \"run failed\", \"identical\": false}"
		continue
	fi
	mpfs-compare diff --json --case "$c" "$c.kernel.txt" "$c.port.txt" >"$c.json"
	drc=$?
	kn=$(sed 's/.*"kernel_bios": \([0-9]*\).*/\1/' "$c.json")
	pn=$(sed 's/.*"port_bios": \([0-9]*\).*/\1/' "$c.json")
	kj=$(sed 's/.*"full_bio_joins": {"kernel": \([0-9]*\), "port": \([0-9]*\)}.*/\1/' "$c.json")
	pj=$(sed 's/.*"full_bio_joins": {"kernel": \([0-9]*\), "port": \([0-9]*\)}.*/\2/' "$c.json")
	if [ $drc = 0 ]; then
		same=$((same + 1)) verdict=yes
		# Bios split only because 256 vectors filled (where depends on page
		# placement in RAM) were joined before comparing: say so.
		[ "$kj$pj" != 00 ] && verdict="yes (full-bio splits joined: kernel $kj, port $pj)"
	else
		bad=$((bad + 1)) verdict=NO
	fi
	printf '%-26s %7s %8s %8s %s\n' "$c" "$kb" "$kn" "$pn" "$verdict"
	if [ $drc != 0 ]; then
		mpfs-compare diff --case "$c" "$c.kernel.txt" "$c.port.txt" | sed 's/^/    /'
		fds=$(mpfs-compare first-data-sector "$dev" 2>/dev/null)
		[ -n "$fds" ] && echo "    (first data sector $fds; data bios only:" \
			"$(mpfs-compare diff --min-sector "$fds" "$c.kernel.txt" "$c.port.txt" | head -n 1))"
	fi
	[ -n "$keep" ] && cp "$c".kernel.txt "$c".port.txt "$keep/" 2>/dev/null
	row=$(sed "s/^{/{\"blocks\": $kb, \"block_size\": $bs, \"alloc\": \"$alloc\", /" "$c.json")
	rows="$rows${rows:+,
}$row"
done <cases

if [ $bad = 0 ]; then
	verdict="VERDICT: $same/$total cases identical (engine=port queued the same bios as engine=kernel)"
else
	verdict="VERDICT: $bad of $total cases NOT identical or failed"
fi
echo "$verdict"
if [ -n "$json" ]; then
	{
		echo "{\"cases\": ["
		echo "$rows"
		echo "], \"total\": $total, \"identical\": $same, \"failed\": $bad, \"verdict\": \"$verdict\"}"
	} >"$json"
fi
[ $bad = 0 ]
