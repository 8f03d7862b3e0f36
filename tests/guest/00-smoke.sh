#!/bin/sh
# Smoke test of the rig and the module: mpfs.ko is loaded when tests start,
# its filesystem type is registered, and it unloads (taking the type with it)
# and loads again cleanly. Each scratch disk the rig promised exists.
rc=0
check() { # check NAME COMMAND...
	name=$1; shift
	if "$@"; then
		echo "mpfs-test: PASS $name"
	else
		echo "mpfs-test: FAIL $name"
		rc=1
	fi
}

check module-loaded grep -q '^mpfs ' /proc/modules
check fs-type-registered grep -qw mpfs /proc/filesystems
check rmmod-unregisters sh -c 'rmmod mpfs && ! grep -qw mpfs /proc/filesystems'
check reload sh -c 'modprobe mpfs && grep -qw mpfs /proc/filesystems'
check scratch-devs-present sh -c '[ -n "$SCRATCH_DEVS" ] && for d in $SCRATCH_DEVS; do [ -b "$d" ] || exit 1; done'
check scratch-mnt-empty sh -c '[ -d "$SCRATCH_MNT" ] && [ -z "$(ls -A "$SCRATCH_MNT")" ]'
exit $rc
