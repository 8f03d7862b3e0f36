# Shared by the guest sides of make stress's parts (busybox sh; sourced).
# A part keeps, per engine, $f (failures so far) and $what (why, for the
# stress-fail line), and $DEV/$MNT (the scratch device and its mount point).

# note WHY: one more failure, and why.
note() {
	f=$((f + 1))
	what="${what:+$what; }$1"
}

# remounted OPTS CHECK: unmount $MNT, mount $DEV again with OPTS, run the
# function CHECK (what reached the disk; it calls note), unmount.
remounted() {
	if umount "$MNT" && mount -t mpfs -o "$1" "$DEV" "$MNT"; then
		"$2"
		umount "$MNT" || note "umount failed"
	else
		note "remount failed"
	fi
}

# fsck_clean: fsck.mpfs -n of $DEV, its output shown; a finding is a failure.
fsck_clean() {
	fsck.mpfs -n "$DEV" >/tmp/fsck.out 2>&1 || note "fsck: $(head -n 2 /tmp/fsck.out | tr '\n' ' ')"
	cat /tmp/fsck.out
}
