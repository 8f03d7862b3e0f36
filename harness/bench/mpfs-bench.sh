#!/bin/sh
# mpfs-bench [--reps N] [--block-sizes "1024 2048 4096"] [--engines "kernel port iomap"] [--out DIR]
#
# In the guest, booted with `vm-run --icount` (one vCPU, the guest clock
# advancing one ns per instruction executed, threadirqs): the CPU cost of
# engine=kernel and engine=port per workload and block size, and of
# engine=iomap (the kernel's iomap buffered I/O: ->readahead/->read_folio/
# ->writepages are iomap_readahead/iomap_read_folio/iomap_writepages; its
# blocks are allocated in write(), not in ->writepages) in a table of its own.
#
# What is measured, per workload run (mpfs-cost, at SCHED_FIFO above the irq
# threads, so completions never preempt it):
#   engine   CPU time inside the engine's address_space operations: mpfs's
#            ->readahead, ->read_folio and ->writepages of the mount, which
#            call the kernel's mpage_* (engine=kernel) or the port. Measured
#            by the ftrace function_graph tracer on those six functions with
#            nosleep-time: entry to return, less any time the task slept
#            (a metadata read in get_block), on the icount clock, less the
#            block layer's part: the bio_alloc_bioset, submit_bio and
#            blk_finish_plug calls made inside (the same for the same bios,
#            which the I/O columns compare; the virtio kick is there, so a
#            completion interrupt that comes back fast lands in a subtracted
#            part; and a bio allocation's cost varies with the slab's state,
#            which depends on when the irq thread freed earlier bios), less
#            the interrupts (device and timer tick) that landed in it. It
#            holds the engine's own work: get_block, mapping, filling bios;
#            not the page cache, the copy to user space, the waits, nor the
#            bio completion (below). This is the figure of the ratio.
#   thread   CPU time of the whole workload thread (CLOCK_THREAD_CPUTIME_ID):
#            syscalls, page allocation, the copy, the engine. Its "base" is
#            the engine-independent part (below). Less repeatable than
#            "engine": a completion interrupt lands in this thread or in
#            idle depending on how fast the host did the I/O.
#   completion  CPU time of the virtio irq threads (threadirqs): the block
#            layer's completion and the engine's bio end_io.
# Workloads, each on a freshly mounted filesystem (cold page cache):
#   seq-read            read() of a 32 MiB file in 128 KiB calls (readahead);
#                       base: the same bytes read again from the warm cache
#   read-folio          READ_FOLIO ioctl on 1000 random pages (->read_folio)
#   mmap-read           touch every page of a shared mapping of the file
#                       (fault readaround); base: the same touches, warm
#   write-fsync         16 MiB written with write() into a new file, then the
#                       writeback fsync starts (WRITEPAGES ioctl, WB_SYNC_ALL:
#                       fsync's filemap_fdatawrite), then fsync (not timed:
#                       it adds only waiting and the inode write); base: the
#                       write()s
#   writepages-scatter  the same for 3 MiB written with alloc=scatter:SEED
#                       (fragmented: the confused path below 4K blocks), one
#                       WRITEPAGES per 768 KiB, each followed by an untimed
#                       wait: one bio per block, and a call must not run out of
#                       request tags (vm-run --icount: 1024 per queue)
# A warm-up round (both engines, all workloads) comes first and is not
# counted; then N rounds, the engine order alternating. Per row: the median
# engine cost of each engine per MiB with its spread ((max - min) / median),
# the port/kernel ratio of the medians with the range the rounds allow, the
# thread cost, the I/O each engine did and the completion cost.
# --out DIR also writes DIR/bench.json, DIR/bench.tsv (for the plot) and
# DIR/bench.raw (every run). A measurement, not a test: exits 0 unless
# something failed to run.
set -u
reps=5 sizes="1024 2048 4096" out= engines="kernel port iomap"
mib=32 wkib=16384 skib=3072 schunk=768 nfolios=1000 seed=1
while [ $# -gt 0 ]; do
	case $1 in
	--reps) reps=$2; shift 2 ;;
	--block-sizes) sizes=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--engines) engines=$2; shift 2 ;;
	*) echo "mpfs-bench: unknown argument $1" >&2; exit 2 ;;
	esac
done
dev=${SCRATCH_DEV:?} mnt=${SCRATCH_MNT:?}
name=${dev##*/}
q=/sys/block/$name/queue
echo none >"$q/scheduler" 2>/dev/null
echo 2 >"$q/nomerges"
echo 128 >"$q/read_ahead_kb"
# No background writeback inside a window: the flusher would take part of
# the write workloads out of the measured thread.
echo 360000 >/proc/sys/vm/dirty_expire_centisecs
echo 360000 >/proc/sys/vm/dirty_writeback_centisecs
echo 50 >/proc/sys/vm/dirty_background_ratio
echo 80 >/proc/sys/vm/dirty_ratio
trap 'grep -q " $mnt " /proc/mounts && umount "$mnt"' EXIT

clock=$(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)
if [ "$(nproc)" != 1 ] || ! grep -qw threadirqs /proc/cmdline; then
	echo "mpfs-bench: not booted with vm-run --icount (CPUs $(nproc), cmdline $(cat /proc/cmdline))" >&2
	exit 2
fi

# Requests and sectors the disk completed (fields 1, 3, 5, 7 of its stat).
disk_io() { awk '{ print $1 + $5, $3 + $7 }' "/sys/block/$name/stat"; }
# The function_graph tracer on the engines' entry points and on the block
# layer's submission functions (see above).
T=/sys/kernel/tracing
[ -e $T/trace ] || mount -t tracefs tracefs $T || exit 1
echo 0 >$T/tracing_on
printf '%s\n' mpfs_kernel_read_folio mpfs_kernel_readahead mpfs_kernel_writepages \
	mpfs_port_read_folio mpfs_port_readahead mpfs_port_writepages \
	mpfs_iomap_read_folio mpfs_iomap_readahead mpfs_iomap_writepages \
	bio_alloc_bioset submit_bio blk_finish_plug \
	irq_enter_rcu irq_exit_rcu __common_interrupt __sysvec_apic_timer_interrupt >$T/set_ftrace_filter || exit 1
echo function_graph >$T/current_tracer || exit 1
for o in nosleep-time funcgraph-irqs funcgraph-tail; do echo $o >$T/trace_options || exit 1; done
echo 16384 >$T/buffer_size_kb
# From the trace: ns inside the engine entry points, ns of the outermost
# bio_alloc_bioset/submit_bio/blk_finish_plug calls made inside them, ns of the interrupts
# (device and timer: irq entry, handler, irq exit) that landed inside them
# elsewhere, and the number of entry point calls. A duration is printed in us with 3 decimals, after a marker
# (+ ! # * @ $) when long; a function with traced callees opens with "{" and
# its duration is on the closing "} /* name */".
engine_ns() {
	grep -q "LOST\|overrun" $T/trace && echo "mpfs-bench: the trace lost events" >&2
	awk -F'|' 'NF >= 2 {
		d = $1; sub(/^ *[0-9]+\)/, "", d); gsub(/[-+!#*@$ ]/, "", d); sub(/us$/, "", d)
		t = $2; opn = t ~ /\) \{ *$/; cls = t ~ /\/\*.*\*\//
		name = t; if (cls) { sub(/.*\/\* */, "", name); sub(/ *\*\/.*/, "", name) }
		else { sub(/^ */, "", name); sub(/\(\).*/, "", name) }
		sub(/ \[mpfs\]/, "", name)
		is_eng = name ~ /^mpfs_(kernel|port|iomap)_(read_folio|readahead|writepages)$/; is_blk = name ~ /^(bio_alloc_bioset|submit_bio|blk_finish_plug)$/
		is_irq = name ~ /^(irq_enter_rcu|irq_exit_rcu|__common_interrupt|__sysvec_apic_timer_interrupt)$/
		if (opn) { if (is_eng) eng++; else if (is_blk && eng) blk++; else if (is_irq && eng && !blk) irq++; next }
		if (is_eng) { eng_ns += d * 1000; calls++; if (cls) eng-- }
		else if (is_blk && eng) { if (cls) blk--; if (!blk) blk_ns += d * 1000 }
		else if (is_irq && eng && !blk) { if (cls) irq--; if (!irq) irq_ns += d * 1000 }
	} END { printf "%.0f %.0f %.0f %d\n", eng_ns, blk_ns, irq_ns, calls }' $T/trace
}
# CPU ns of the virtio interrupt threads (bio completion under threadirqs).
# Their pids are found once; reading uses no subprocess (a fork costs
# milliseconds under TCG, and this runs twice per measurement).
irq_pids=
for d in /proc/[0-9]*; do
	read -r comm <"$d/comm" 2>/dev/null || continue
	case $comm in irq/*virtio*) irq_pids="$irq_pids ${d#/proc/}" ;; esac
done
irq_ns() {
	s=0
	for p in $irq_pids; do
		read -r ns _ <"/proc/$p/schedstat" && s=$((s + ns))
	done
	echo $s
}

raw=/tmp/mpfs-bench.raw
: >"$raw"
# measure BS WORKLOAD ENGINE ROUND MOUNTOPTS COST-ARGS...: one mount, one
# mpfs-cost run, one line of $raw: bs workload engine round TOTAL BASE BYTES
# GET_BLOCK_CALLS requests sectors completion_ns engine_ns submit_ns irq_ns
# engine_calls
measure() {
	bs=$1 wl=$2 engine=$3 round=$4 opts=$5
	shift 5
	mount -t mpfs -o "noatime,engine=$engine$opts" "$dev" "$mnt" || exit 1
	set -- $(disk_io) $(irq_ns) "$@"
	r0=$1 s0=$2 i0=$3
	shift 3
	echo >$T/trace
	echo 1 >$T/tracing_on
	cost=$(mpfs-cost "$@") || exit 1
	echo 0 >$T/tracing_on
	set -- $(disk_io) $(irq_ns) $(engine_ns)
	rm -f "$mnt/w"
	umount "$mnt" || exit 1
	echo "$bs $wl $engine $round $cost $(($1 - r0)) $(($2 - s0)) $(($3 - i0)) $4 $5 $6 $7" >>"$raw"
}

echo "mpfs-bench: kernel $(uname -r), clocksource $clock, $reps rounds + 1 warm-up," \
	"block sizes $sizes, file $mib MiB, writes $wkib KiB (scattered: $skib KiB by $schunk)"
for bs in $sizes; do
	mkfs.mpfs -f -b "$bs" "$dev" >/dev/null || exit 1
	mount -t mpfs -o noatime,engine=kernel "$dev" "$mnt" || exit 1
	dd if=/dev/zero of="$mnt/f" bs=1M count="$mib" 2>/dev/null && sync || exit 1
	umount "$mnt" || exit 1
	r=0
	while [ $r -le "$reps" ]; do
		# The engine order rotates from round to round.
		set -- $engines
		order= i=0
		while [ $i -lt $# ]; do
			eval "order=\"\$order \${$(((i + r) % $# + 1))}\""
			i=$((i + 1))
		done
		for e in $order; do
			measure "$bs" seq-read "$e" "$r" "" seq "$mnt/f"
			measure "$bs" read-folio "$e" "$r" "" read-folio "$mnt/f" "$nfolios" "$seed"
			measure "$bs" mmap-read "$e" "$r" "" mmap "$mnt/f"
			measure "$bs" write-fsync "$e" "$r" "" write "$mnt/w" "$wkib"
			measure "$bs" writepages-scatter "$e" "$r" ",alloc=scatter:$seed" write "$mnt/w" "$skib" "$schunk"
		done
		r=$((r + 1))
	done
done

# ---- summary: medians over rounds 1..N ------------------------------------------
awk -v kver="$(uname -r)" -v reps="$reps" -v out="$out" -v sizes="$sizes" \
	-v workloads="seq-read read-folio mmap-read write-fsync writepages-scatter" '
function median(a, n,   i, j, t) {
	for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
function med(key, what,   i, a) { for (i = 1; i <= n[key]; i++) a[i] = v[key, what, i]; return median(a, n[key]) }
function lo(key, what,   i, m) { m = v[key, what, 1]; for (i = 2; i <= n[key]; i++) if (v[key, what, i] < m) m = v[key, what, i]; return m }
function hi(key, what,   i, m) { m = v[key, what, 1]; for (i = 2; i <= n[key]; i++) if (v[key, what, i] > m) m = v[key, what, i]; return m }
function spread(key, what) { return med(key, what) ? 100 * (hi(key, what) - lo(key, what)) / med(key, what) : 0 }
function kb(bs) { return bs / 1024 "K" }
function runs(key, what,   s, i) {
	for (i = 1; i <= n[key]; i++) s = s sprintf("%s%.0f", i > 1 ? ", " : "", v[key, what, i])
	return "[" s "]"
}
function engine_json(key) {
	return sprintf("{\"cost_per_mib\": %.0f, \"cost_min\": %.0f, \"cost_max\": %.0f, \"spread_pct\": %.2f, " \
		"\"cost_runs\": %s, \"engine_calls_per_mib\": %.2f, \"thread_per_mib\": %.0f, \"thread_spread_pct\": %.2f, " \
		"\"base_per_mib\": %.0f, \"bios_per_mib\": %.2f, \"avg_bio_bytes\": %.0f, \"get_block_per_mib\": %.2f, " \
		"\"completion_per_mib\": %.0f, \"completion_spread_pct\": %.2f, \"submit_per_mib\": %.0f}",
		med(key, "cost"), lo(key, "cost"), hi(key, "cost"), spread(key, "cost"), runs(key, "cost"), med(key, "calls"),
		med(key, "thread"), spread(key, "thread"), med(key, "base"), med(key, "req"), med(key, "biosz"),
		med(key, "gb"), med(key, "irq"), spread(key, "irq"), med(key, "submit"))
}
$4 > 0 {
	key = $1 SUBSEP $2 SUBSEP $3
	i = ++n[key]; mib = $7 / 1048576
	v[key, "cost", i] = ($12 - $13 - $14) / mib; v[key, "submit", i] = $13 / mib; v[key, "calls", i] = $15 / mib
	v[key, "thread", i] = $5 / mib; v[key, "base", i] = $6 / mib
	v[key, "gb", i] = $8 / mib; v[key, "req", i] = $9 / mib; v[key, "irq", i] = $11 / mib
	v[key, "biosz", i] = $9 ? $10 * 512 / $9 : 0
}
END {
	# Rows by workload, then block size.
	nw = split(workloads, w, " "); nb = split(sizes, b, " ")
	for (i = 1; i <= nw; i++) for (j = 1; j <= nb; j++)
		if ((b[j] SUBSEP w[i] SUBSEP "kernel") in n && (b[j] SUBSEP w[i] SUBSEP "port") in n)
			rows[++nrows] = b[j] SUBSEP w[i]
	printf "\nCPU cost in thousands of guest instructions per MiB (icount: 1 ns of CPU time = 1 instruction);\n"
	printf "median of %d rounds, +-: (max-min)/median. engine: inside ->readahead/->read_folio/->writepages\n", reps
	printf "(the ratio); thread: the whole workload thread, base: its engine-independent part (copy, write())\n"
	printf "%-19s %-3s %16s %16s %22s %9s %9s %8s\n", "workload", "bs", "engine kernel", "engine port",
		"port/kernel [range]", "thread k", "thread p", "base"
	for (r = 1; r <= nrows; r++) {
		split(rows[r], f, SUBSEP); k = rows[r] SUBSEP "kernel"; p = rows[r] SUBSEP "port"
		ratio[r] = med(p, "cost") / med(k, "cost")
		rlo[r] = lo(p, "cost") / hi(k, "cost"); rhi[r] = hi(p, "cost") / lo(k, "cost")
		printf "%-19s %-3s %8.1f +-%4.1f%% %8.1f +-%4.1f%% %7.3f [%5.3f-%5.3f] %9.1f %9.1f %8.1f\n", f[2], kb(f[1]),
			med(k, "cost") / 1e3, spread(k, "cost"), med(p, "cost") / 1e3, spread(p, "cost"), ratio[r], rlo[r], rhi[r],
			med(k, "thread") / 1e3, med(p, "thread") / 1e3, med(k, "base") / 1e3
	}
	printf "\nPer MiB, kernel/port: disk requests (= bios: scheduler none, nomerges=2; metadata I/O included),\n"
	printf "their average size, get_block calls, engine calls; k instructions in bio_alloc_bioset/submit_bio/\n"
	printf "blk_finish_plug under the engine (not in its cost) and in bio completion (virtio irq threads)\n"
	printf "%-19s %-3s %15s %15s %15s %13s %17s %17s\n", "workload", "bs", "bios", "KiB/bio", "get_block", "engine calls",
		"block submit", "completion"
	for (r = 1; r <= nrows; r++) {
		split(rows[r], f, SUBSEP); k = rows[r] SUBSEP "kernel"; p = rows[r] SUBSEP "port"
		printf "%-19s %-3s %7.1f/%-7.1f %7.1f/%-7.1f %7.1f/%-7.1f %6.1f/%-6.1f %8.1f/%-8.1f %8.1f/%-8.1f\n", f[2],
			kb(f[1]), med(k, "req"), med(p, "req"), med(k, "biosz") / 1024, med(p, "biosz") / 1024, med(k, "gb"),
			med(p, "gb"), med(k, "calls"), med(p, "calls"), med(k, "submit") / 1e3, med(p, "submit") / 1e3,
			med(k, "irq") / 1e3, med(p, "irq") / 1e3
	}
	for (r = 1; r <= nrows; r++)
		if ((rows[r] SUBSEP "iomap") in n)
			irows++
	if (irows) {
		printf "\nengine=iomap against engine=kernel: engine cost (k instructions per MiB, +-: (max-min)/median),\n"
		printf "iomap/kernel ratio of the medians; per MiB: bios, their average size, block-map calls (get_block\n"
		printf "for mpage; iomap_begin and writeback map_blocks for iomap), engine calls. iomap allocates blocks\n"
		printf "in write(), mpage in ->writepages: the write rows compare writeback with and without allocation\n"
		printf "%-19s %-3s %16s %16s %8s %15s %15s %15s %13s\n", "workload", "bs", "engine kernel", "engine iomap",
			"io/k", "bios", "KiB/bio", "block map", "engine calls"
		for (r = 1; r <= nrows; r++) {
			split(rows[r], f, SUBSEP); k = rows[r] SUBSEP "kernel"; im = rows[r] SUBSEP "iomap"
			if (!(im in n))
				continue
			iratio[r] = med(im, "cost") / med(k, "cost")
			printf "%-19s %-3s %8.1f +-%4.1f%% %8.1f +-%4.1f%% %8.3f %7.1f/%-7.1f %7.1f/%-7.1f %7.1f/%-7.1f %6.1f/%-6.1f\n",
				f[2], kb(f[1]), med(k, "cost") / 1e3, spread(k, "cost"), med(im, "cost") / 1e3, spread(im, "cost"),
				iratio[r], med(k, "req"), med(im, "req"), med(k, "biosz") / 1024, med(im, "biosz") / 1024,
				med(k, "gb"), med(im, "gb"), med(k, "calls"), med(im, "calls")
		}
	}
	if (out == "")
		exit
	json = out "/bench.json"; tsv = out "/bench.tsv"
	printf "{\"kernel\": \"%s\", \"rounds\": %d, \"unit\": \"guest instructions per MiB (vm-run --icount)\", \"rows\": [\n", kver, reps >json
	print "# label kernel port kernel_min kernel_max port_min port_max ratio ratio_min ratio_max" >tsv
	for (r = 1; r <= nrows; r++) {
		split(rows[r], f, SUBSEP); k = rows[r] SUBSEP "kernel"; p = rows[r] SUBSEP "port"
		im = rows[r] SUBSEP "iomap"
		ij = (im in n) ? sprintf(",\n   \"iomap_ratio\": %.4f, \"iomap\": %s", iratio[r], engine_json(im)) : ""
		printf "  {\"workload\": \"%s\", \"block_size\": %d, \"ratio\": %.4f, \"ratio_min\": %.4f, \"ratio_max\": %.4f,\n" \
			"   \"kernel\": %s,\n   \"port\": %s%s}%s\n", f[2], f[1], ratio[r], rlo[r], rhi[r],
			engine_json(k), engine_json(p), ij, r < nrows ? "," : "" >json
		printf "%s/%s %.0f %.0f %.0f %.0f %.0f %.0f %.4f %.4f %.4f\n", f[2], kb(f[1]), med(k, "cost"), med(p, "cost"),
			lo(k, "cost"), hi(k, "cost"), lo(p, "cost"), hi(p, "cost"), ratio[r], rlo[r], rhi[r] >tsv
	}
	print "]}" >json
}' "$raw" || exit 1
[ -z "$out" ] || cp "$raw" "$out/bench.raw"
