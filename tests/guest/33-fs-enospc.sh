#!/bin/sh
# ENOSPC on a small filesystem (a 6 MiB partition): filling it fails cleanly,
# the filesystem stays consistent (fsck clean), freed space is reusable; the
# same for running out of inodes.
. "$(dirname "$0")/30-fs-lib.inc"

small_part 6 || { fail enospc-partition; finish; }
for bs in $BLOCK_SIZES; do
	for e in $ENGINES; do
		t=enospc-$bs-$e
		mkfs_q "$bs" "$PART" -N 64 && mnt "engine=$e" "$PART" || { fail "$t-mount"; continue; }
		free0=$(df -k "$MNT" | awk 'NR == 2 { print $4 }')
		err=$(dd if=/dev/zero of="$MNT/fill" bs=64k 2>&1)
		check "$t-dd-fails-nospace" sh -c "echo '$err' | grep -q 'No space left'"
		sync
		# a failed page write gives back what it allocated: at most a page of
		# data blocks and two indirect blocks stay free
		check "$t-df-nearly-full" [ "$(df -k "$MNT" | awk 'NR == 2 { print $4 }')" -le 8 ]
		# 1 KiB writes into a new file (direct blocks) use up the rest exactly
		dd if=/dev/zero of="$MNT/fill2" bs=1024 2>/dev/null
		sync
		check "$t-df-full" [ "$(df -k "$MNT" | awk 'NR == 2 { print $4 }')" -eq 0 ]
		check_not "$t-small-write-fails" sh -c "echo more >'$MNT/more' 2>/dev/null"
		# a directory needs a block: mkdir fails and gives its inode back (fsck)
		check_not "$t-mkdir-when-full" mkdir "$MNT/newdir" 2>/dev/null
		check "$t-empty-file-when-full" touch "$MNT/empty"
		fsck_clean "$t-full" "$PART"
		mnt "engine=$e" "$PART"
		sz=$(stat -c %s "$MNT/fill")
		check "$t-file-readable" sh -c "cmp -s -n $sz '$MNT/fill' /dev/zero"
		rm -f "$MNT/fill" "$MNT/fill2" "$MNT/more" "$MNT/empty"
		sync
		check "$t-space-back" [ "$(df -k "$MNT" | awk 'NR == 2 { print $4 }')" -eq "$free0" ]
		# out of inodes
		i=0
		while echo $i >"$MNT/n$i" 2>/dev/null; do i=$((i + 1)); [ $i -gt 100 ] && break; done
		check "$t-inodes-run-out" [ $i -eq 63 ]
		check "$t-mkdir-no-inode" sh -c "! mkdir '$MNT/dir' 2>/dev/null"
		rm -f "$MNT"/n*
		check "$t-reuse" sh -c "dd if=/dev/zero of='$MNT/again' bs=64k count=16 2>/dev/null && mkdir '$MNT/dir'"
		fsck_clean "$t" "$PART"
	done
done
finish
