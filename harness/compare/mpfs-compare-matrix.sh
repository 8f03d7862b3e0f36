#!/bin/sh
# mpfs-compare-matrix [--json FILE] [--keep DIR] [--graphs DIR] [--quiet] [--no-iomap] [--iomap-opts OPTS] [CASE-SUBSTRING...]
#
# In the guest (POSIX/busybox sh): for every matrix case (mpfs-compare cases),
# run the case with engine=kernel and then engine=port, each on a freshly made
# filesystem on $SCRATCH_DEV, trace the workload's window with blktrace and
# compare the queued bios (RWBS, sector, size, in order). Prints one row per
# case and a verdict; exits 1 if any case diverged or failed, 0 otherwise.
# Then (unless --no-iomap) the same case runs a third time with engine=iomap,
# as information only: its number of data bios and their average size stand
# beside engine=kernel's (columns iomap, k-avgK, io-avgK), never in the
# verdict, and an "IOMAP:" summary over the cases follows the verdict. A
# failed iomap run still makes the exit status 1. --iomap-opts adds mount
# options to the iomap runs (iomap_large_folios=0 to compare large folios).
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
# Besides the bios, the file's blocks after the run and the number of
# get_block calls in the window (mpfs counts them under both engines) must
# match: where 6.1 and 6.12 differ, it is often in get_block alone.
# --graphs DIR copies the binary blktrace files of the first case of each
# layout (CASE.ENGINE.blktrace.CPU) to DIR, for iowatcher on the host.
set -u

json= keep= graphs= quiet=0 iomap=1 iomap_opts=
while [ $# -gt 0 ]; do
	case $1 in
	--no-iomap) iomap=0; shift ;;
	--iomap-opts) iomap_opts=$2; shift 2 ;;
	--json) json=$2; shift 2 ;;
	--keep) keep=$2; shift 2 ;;
	--graphs) graphs=$2; shift 2 ;;
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
[ -n "$graphs" ] && mkdir -p "$graphs" && graphs=$(cd "$graphs" && pwd)
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
	[ -n "${bt_pid:-}" ] && trace_end
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

# How blktrace (Debian 12: 1.2.0) starts and stops, and why the functions
# below look the way they do:
#  - it sets the trace up, creates one tracer thread per online CPU, links
#    each into its tracer list after creating it, waits until all are ready,
#    lets them run (they then sleep in poll()), and starts the kernel side
#    (BLKTRACESTART). Its SIGINT handler marks the tracers linked so far as
#    done; after a SIGINT that lands earlier, a tracer never learns it is done
#    and polls forever while the main thread waits for it.
#  - the handler calls pthread_cond_broadcast on the condition variable the
#    main thread waits on (50 ms timed waits, during the start and the whole
#    trace). Run in the main thread while that thread is inside such a wait,
#    the broadcast can wait for the waiters of the old group to leave it,
#    itself among them: every thread ends in a futex wait, for good (seen in
#    a core dump: main thread in __condvar_quiesce_and_switch_g1 called from
#    pthread_cond_broadcast in the handler, on top of pthread_cond_timedwait).
# So: stop only once every tracer sleeps in poll() (so all are linked and the
# start follows at once), and deliver SIGINT to such a tracer, which waits on
# no condition variable: kill(TID) queues the signal for the process, and the
# kernel hands it to thread TID when that thread does not block it.

# bt_polling_tracers: the thread ids of blktrace's tracer threads asleep in
# poll(), one a line.
bt_polling_tracers() {
	for t in /proc/$bt_pid/task/*; do
		[ "${t##*/}" = "$bt_pid" ] && continue
		# do_sys_poll where the kernel inlines poll_schedule_timeout into
		# it (Debian's builds); the debug kernels keep it out of line.
		case $(cat "$t/wchan" 2>/dev/null) in
		do_sys_poll | poll_schedule_timeout*) echo "${t##*/}" ;;
		esac
	done
}

# bt_interrupt: SIGINT blktrace through a tracer thread asleep in poll(),
# waiting for one up to 2 s (its poll loop sleeps all but microseconds of each
# 0.5 s). Only if none shows up (never seen) the process gets it.
bt_interrupt() {
	bt_j=0
	tid=$(bt_polling_tracers | head -n 1)
	while [ -z "$tid" ] && [ $bt_j -lt 20 ] && alive "$bt_pid"; do
		bt_j=$((bt_j + 1))
		sleep 0.1
		tid=$(bt_polling_tracers | head -n 1)
	done
	[ -n "$tid" ] || echo "mpfs-compare-matrix: no blktrace tracer in poll; SIGINT to the process" >&2
	kill -INT "${tid:-$bt_pid}" 2>/dev/null
}

# trace_end: stop blktrace, within 30 s. Returns 1 (after printing its
# threads' kernel stacks, killing it and tearing the kernel trace down) if it
# did not exit. After 5 and 15 s it is interrupted again (a second handler
# call marks every tracer linked by then as done) and that is reported: with
# the start and delivery above it is not needed.
trace_end() {
	bt_interrupt
	bt_i=0
	while alive "$bt_pid" && [ $bt_i -lt 300 ]; do
		bt_i=$((bt_i + 1))
		sleep 0.1
		case $bt_i in 50 | 150)
			echo "mpfs-compare-matrix: blktrace still running $((bt_i / 10)) s after SIGINT; interrupting again" >&2
			bt_interrupt ;;
		esac
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
}

# trace_start OUT (a plain name): start blktrace on $dev; returns once its
# ncpus tracers sleep in poll() (within 30 s), plus 0.1 s for the main
# thread's BLKTRACESTART that directly follows, and then writes the window's
# start marker ($bt_marker) to the trace's msg file. The kernel records a
# message only while the trace runs (__blk_trace_note_message checks
# Blktrace_running, and needs the notify action in the mask), and no file
# shows that state before the stop, so trace_stop checks that the marker is
# in the trace: there, the trace ran before the window began.
trace_start() {
	rm -f "$1".blktrace.*
	bt_marker="mpfs-compare-window-start $1 $$ ${attempt:-1}"
	blktrace -d "$dev" -a queue -a notify -o "$1" >"$1.log" 2>&1 &
	bt_pid=$!
	# Within 30 s by the clock: one round of this loop forks several
	# processes, far slower than its 10 ms sleep under a debug kernel.
	bt_deadline=$(($(date +%s) + 30))
	while [ "$(bt_polling_tracers | wc -l)" -lt "$ncpus" ]; do
		if ! alive "$bt_pid" || [ "$(date +%s)" -ge $bt_deadline ]; then
			echo "blktrace did not start tracing:" >&2
			cat "$1.log" >&2
			if alive "$bt_pid"; then trace_end; else wait "$bt_pid"; bt_pid=; fi
			return 1
		fi
		sleep 0.01
	done
	sleep 0.1
	# A failed write (no msg file) leaves the marker out: trace_stop says so.
	echo "$bt_marker" 2>/dev/null >"/sys/kernel/debug/block/$name/msg"
}

# trace_stop OUT: stop blktrace, write OUT.txt (blkparse text); fail on drops.
# Returns 3 if the window's start marker is not in the trace (the trace
# started late and may have lost the window's first events).
trace_stop() {
	trace_end || return 1
	# blktrace ends with "Total: N events (dropped M), ..." and, on loss,
	# "You have M (x%) dropped events": a trace with holes compares nothing.
	if grep -E 'dropped [1-9]|You have [1-9][0-9]* .*dropped' "$1.log" >&2; then
		echo "blktrace dropped events" >&2
		return 1
	fi
	timeout "$step_timeout" blkparse -q -a queue -i "$1" >"$1.txt" 2>"$1.perr" ||
		{ echo "blkparse failed" >&2; cat "$1.perr" >&2; return 1; }
	# The marker is searched in the binary trace: the kernel tags messages
	# with a cgroup id (__BLK_TN_CGROUP) and blkparse 1.2.0 prints no line
	# for them. NULs go first (busybox grep stops a line at a NUL).
	cat "$1".blktrace.* | tr -d '\000' | grep -qF "$bt_marker" || return 3
}

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

# run_engine CASE BS ALLOC ENGINE OUT: one traced run; prints the file's
# blocks and the window's get_block calls. A run whose trace started late is
# run again (up to 3 attempts).
run_engine() {
	attempt=1
	while :; do
		run_engine_once "$@"
		rerc=$?
		[ $rerc = 3 ] || return $rerc
		if [ $attempt -ge 3 ]; then
			echo "mpfs-compare-matrix: $1 ($4): trace started late in $attempt attempts" >&2
			return 1
		fi
		echo "mpfs-compare-matrix: note: $1 ($4): trace started after the window (start marker missing); running again" >&2
		attempt=$((attempt + 1))
	done
}

# run_engine_once CASE BS ALLOC ENGINE OUT: one attempt of run_engine; returns
# 3 if the trace started late.
run_engine_once() {
	case_name=$1 bs=$2 alloc=$3 engine=$4 out=$5
	f=$mnt/f
	step mkfs mkfs.mpfs -f -b "$bs" "$dev" >"$out.mkfs" 2>&1 || { cat "$out.mkfs" >&2; return 1; }
	opts=noatime,engine=$engine,alloc=$alloc
	[ "$engine" = iomap ] && [ -n "$iomap_opts" ] && opts=$opts,$iomap_opts
	step mount mount -t mpfs -o "$opts" "$dev" "$mnt" || return 1
	step setup mpfs-compare setup "$case_name" "$f" || { umount "$mnt"; return 1; }
	step umount umount "$mnt" || return 1
	step remount mount -t mpfs -o "$opts" "$dev" "$mnt" || return 1
	step stat stat "$f" >/dev/null || { umount "$mnt"; return 1; }
	step reset-stats mpfsctl reset-stats "$f" >/dev/null || { umount "$mnt"; return 1; }
	trace_start "$out" || { umount "$mnt"; return 1; }
	step run mpfs-compare run "$case_name" "$f"
	rc=$?
	trace_stop "$out"
	case $? in 0) ;; 3) [ $rc = 0 ] && rc=3 ;; *) rc=1 ;; esac
	blocks=$(stat -c %b "$f")
	# Counted by mpfs's get_block under both engines: how often the data
	# path asked for a mapping is part of what must match.
	gb=$(mpfsctl info "$f" | awk '$1 == "get_block_calls" { print $2 }')
	step umount umount "$mnt" || rc=1
	[ $rc = 3 ] && return 3
	[ $rc = 0 ] || return 1
	echo "$((blocks * 512 / bs)) ${gb:-?}"
}

cases=$(mpfs-compare cases | while read -r c bs alloc layout op; do
	if [ $# = 0 ]; then echo "$c $bs $alloc $layout"; continue; fi
	for pat in "$@"; do
		case $c in *"$pat"*) echo "$c $bs $alloc $layout"; break ;; esac
	done
done)
[ -n "$cases" ] || { echo "mpfs-compare-matrix: no case matches $*" >&2; exit 2; }

# kib BYTES: BYTES in KiB with one decimal.
kib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1024 }'; }

total=0 same=0 bad=0 iomap_bad=0
rows=
: >iomap.rows
fmt='%-26s %7s %6s %8s %8s %6s %7s %7s %s\n'
printf "$fmt" case blocks gb kernel port iomap k-avgK io-avgK identical
echo "$cases" >cases
graphed=
while read -r c bs alloc layout; do
	total=$((total + 1))
	kr=$(run_engine "$c" "$bs" "$alloc" kernel "$c.kernel") || kr=
	pr=
	[ -n "$kr" ] && pr=$(run_engine "$c" "$bs" "$alloc" port "$c.port") || pr=
	kb=${kr% *} kg=${kr#* } pb=${pr% *} pg=${pr#* }
	if [ -z "$kr" ] || [ -z "$pr" ]; then
		bad=$((bad + 1))
		printf "$fmt" "$c" - - - - - - - "ERROR (run failed)"
		rows="$rows${rows:+,
}{\"case\": \"$c\", \"block_size\": $bs, \"alloc\": \"$alloc\", \"error\": \"run failed\", \"identical\": false}"
		continue
	fi
	mpfs-compare diff --json --case "$c" "$c.kernel.txt" "$c.port.txt" >"$c.json"
	drc=$?
	bios_rc=$drc
	kn=$(sed 's/.*"kernel_bios": \([0-9]*\).*/\1/' "$c.json")
	pn=$(sed 's/.*"port_bios": \([0-9]*\).*/\1/' "$c.json")
	kj=$(sed 's/.*"full_bio_joins": {"kernel": \([0-9]*\), "port": \([0-9]*\)}.*/\1/' "$c.json")
	pj=$(sed 's/.*"full_bio_joins": {"kernel": \([0-9]*\), "port": \([0-9]*\)}.*/\2/' "$c.json")
	# The file's blocks and the get_block calls of the window must match too.
	other=
	[ "$kb" = "$pb" ] || other="file blocks: kernel $kb, port $pb"
	[ "$kg" = "$pg" ] || other="${other:+$other; }get_block calls: kernel $kg, port $pg"
	if [ $drc = 0 ] && [ -n "$other" ]; then
		drc=1
		sed -i 's/"identical": true/"identical": false/' "$c.json"
	fi
	if [ $drc = 0 ]; then
		same=$((same + 1)) verdict=yes
		# Bios split only because 256 vectors filled (where depends on page
		# placement in RAM) were joined before comparing: say so.
		[ "$kj$pj" != 00 ] && verdict="yes (full-bio splits joined: kernel $kj, port $pj)"
	else
		bad=$((bad + 1)) verdict=NO
	fi
	# engine=iomap, information only: its data bios beside engine=kernel's.
	# Column iomap counts every queued bio, as kernel and port do (flushes
	# included); the averages and the IOMAP: summary take the data bios.
	set -- $(mpfs-compare summary "$c.kernel.txt")
	ksum_n=${2:-0} ksum_b=${3:-0} ksum_a=${4:-0}
	in=- ia=- iomap_json=
	if [ $iomap = 1 ]; then
		if ir=$(run_engine "$c" "$bs" "$alloc" iomap "$c.iomap") &&
			set -- $(mpfs-compare summary "$c.iomap.txt") && [ $# = 4 ]; then
			in=$1 ia=$(kib "$4")
			echo "$c $bs $ksum_n $ksum_b $2 $3" >>iomap.rows
			iomap_json="\"iomap\": {\"bios\": $1, \"data_bios\": $2, \"bytes\": $3, \"avg_bytes\": $4, \"blocks\": ${ir% *}, \"block_map_calls\": ${ir#* }}, "
		else
			in=ERR iomap_bad=$((iomap_bad + 1))
			iomap_json="\"iomap\": {\"error\": \"run failed\"}, "
		fi
	fi
	printf "$fmt" "$c" "$kb" "$kg" "$kn" "$pn" "$in" "$(kib "$ksum_a")" "$ia" "$verdict"
	[ -n "$other" ] && echo "    $other"
	if [ $bios_rc != 0 ]; then
		mpfs-compare diff --case "$c" "$c.kernel.txt" "$c.port.txt" | sed 's/^/    /'
		fds=$(mpfs-compare first-data-sector "$dev" 2>/dev/null)
		[ -n "$fds" ] && echo "    (first data sector $fds; data bios only:" \
			"$(mpfs-compare diff --min-sector "$fds" "$c.kernel.txt" "$c.port.txt" | head -n 1))"
	fi
	[ -n "$keep" ] && cp "$c".kernel.txt "$c".port.txt "$keep/" 2>/dev/null &&
		{ [ ! -f "$c.iomap.txt" ] || cp "$c.iomap.txt" "$keep/"; }
	case " $graphed " in
	*" $layout "*) ;;
	*) [ -n "$graphs" ] && cp "$c".kernel.blktrace.* "$c".port.blktrace.* "$graphs/" && graphed="$graphed $layout" &&
		{ ls "$c".iomap.blktrace.* >/dev/null 2>&1 && cp "$c".iomap.blktrace.* "$graphs/"; true; } ;;
	esac
	row=$(sed "s/^{/{$iomap_json\"kernel_data_bios\": {\"data_bios\": $ksum_n, \"bytes\": $ksum_b, \"avg_bytes\": $ksum_a}, \"blocks\": $kb, \"port_blocks\": $pb, \"get_block_calls\": {\"kernel\": $kg, \"port\": $pg}, \"block_size\": $bs, \"alloc\": \"$alloc\", /" "$c.json")
	rows="$rows${rows:+,
}$row"
done <cases

if [ $bad = 0 ]; then
	verdict="VERDICT: $same/$total cases identical (engine=port queued the same bios as engine=kernel)"
else
	verdict="VERDICT: $bad of $total cases NOT identical or failed"
fi
echo "$verdict"
# A generated summary of how iomap's bios differ from mpage's on these cases.
iomap_summary=
if [ $iomap = 1 ] && [ -s iomap.rows ]; then
	iomap_summary=$(awk '
		function k(b) { return sprintf("%.1f", b / 1024) }
		{
			n++; kb += $3; kB += $4; ib += $5; iB += $6
			bk[$2] += $3; bi[$2] += $5; sk[$2] += $4; si[$2] += $6
			if ($5 < $3) fewer++; else if ($5 > $3) more++; else same++
			r = $3 ? $5 / $3 : 1
			if (n == 1 || r < rmin) { rmin = r; cmin = $1 " (" $3 " -> " $5 ")" }
			if (n == 1 || r > rmax) { rmax = r; cmax = $1 " (" $3 " -> " $5 ")" }
		}
		END {
			printf "IOMAP: %d cases: engine=iomap queued %d data bios of %s KiB on average, " \
				"engine=kernel (mpage) %d of %s KiB; iomap fewer bios in %d cases, as many in %d, " \
				"more in %d.\n", n, ib, k(ib ? iB / ib : 0), kb, k(kb ? kB / kb : 0), fewer, same, more
			for (b = 1024; b <= 4096; b *= 2)
				if (b in bk)
					printf "IOMAP:   %dK blocks: iomap %d bios (avg %s KiB), mpage %d (avg %s KiB)\n", \
						b / 1024, bi[b], k(bi[b] ? si[b] / bi[b] : 0), bk[b], k(bk[b] ? sk[b] / bk[b] : 0)
			printf "IOMAP:   fewest bios against mpage: %s; most: %s\n", cmin, cmax
		}' iomap.rows)
	echo "$iomap_summary"
fi
[ $iomap_bad = 0 ] || echo "IOMAP: $iomap_bad engine=iomap runs FAILED"
if [ -n "$json" ]; then
	{
		echo "{\"cases\": ["
		echo "$rows"
		echo "], \"total\": $total, \"identical\": $same, \"failed\": $bad, \"iomap_failed\": $iomap_bad, \"verdict\": \"$verdict\"}"
	} >"$json"
fi
[ $bad = 0 ] && [ $iomap_bad = 0 ]
