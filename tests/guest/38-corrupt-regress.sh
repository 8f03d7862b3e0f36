#!/bin/sh
# Regression images of make stress part 4 (tests/stress/4-corrupt-images):
# every image that once found a bug, rebuilt from its run seed and index by
# mpfs-corrupt and put through the same mount/walk/write/delete/fsck cycle
# under every engine. A kernel complaint, a disallowed errno or an fsck
# crash fails it (mpfs-corrupt reads the kernel log itself).
. "$(dirname "$0")/30-fs-lib.inc"

# seed image  what it found
while read -r seed image what; do
	[ -n "$seed" ] || continue
	case $seed in \#*) continue ;; esac
	if out=$(mpfs-corrupt run --seed "$seed" --first "$image" --count 1 --dev "$DEV" --mnt "$MNT" \
		--engines "$ENGINES" --kver guest 2>&1); then
		pass "corrupt-$seed-$image"
	else
		fail "corrupt-$seed-$image" "$what: $(echo "$out" | grep '^stress-fail' | head -n 2)"
	fi
done <<'LIST'
# Two entries naming an inode with i_links_count 1: the second unlink took
# i_nlink below zero (WARNING in drop_nlink, 6.12, both engines); now EIO.
7 464 unlink-below-zero-links
LIST
finish
