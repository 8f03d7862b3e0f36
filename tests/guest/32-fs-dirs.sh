#!/bin/sh
# Directories: nested mkdir, many entries (several directory blocks), readdir,
# lookup, rename in one directory and across directories (files and
# directories, replacing a target), rmdir of empty and non-empty directories,
# hard links and symlinks, link counts; everything survives a remount.
. "$(dirname "$0")/30-fs-lib.inc"

nlink() { stat -c %h "$1"; }

for bs in $BLOCK_SIZES; do
	for e in $ENGINES; do
		t=dirs-$bs-$e
		mkfs_q "$bs" && mnt "engine=$e" || { fail "$t-mount"; continue; }
		cd "$MNT" || continue
		mkdir -p a/b/c/d && echo deep >a/b/c/d/file
		check "$t-nested" [ "$(cat a/b/c/d/file)" = deep ]
		mkdir many
		i=0
		while [ $i -lt 150 ]; do
			echo $i >"many/entry-with-a-longish-name-to-fill-blocks-$i"
			i=$((i + 1))
		done
		check "$t-readdir-count" [ "$(ls many | wc -l)" -eq 150 ]
		check "$t-dir-size-grew" [ "$(stat -c %s many)" -gt "$bs" ]
		check "$t-lookup" [ "$(cat many/entry-with-a-longish-name-to-fill-blocks-77)" = 77 ]
		long=$(printf '%0255d' 7)
		check "$t-name-255" sh -c "echo x >'$long' && [ -f '$long' ]"
		check_not "$t-name-256" sh -c "echo x >'${long}8' 2>/dev/null"
		# link counts: a has b; root has a, many
		check "$t-nlink-root" [ "$(nlink .)" -eq 4 ]
		check "$t-nlink-a" [ "$(nlink a)" -eq 3 ]
		# rename within a directory, across directories, over an existing file
		mv many/entry-with-a-longish-name-to-fill-blocks-1 many/renamed
		check "$t-rename-same-dir" sh -c '[ "$(cat many/renamed)" = 1 ] && [ ! -e many/entry-with-a-longish-name-to-fill-blocks-1 ]'
		mv many/renamed a/b/moved
		check "$t-rename-cross-dir" sh -c '[ "$(cat a/b/moved)" = 1 ] && [ ! -e many/renamed ]'
		mv many/entry-with-a-longish-name-to-fill-blocks-2 a/b/moved
		check "$t-rename-replace" [ "$(cat a/b/moved)" = 2 ]
		# directory moves update ".." and link counts
		mv a/b/c many/c
		check "$t-rename-dir-dotdot" sh -c 'cd many/c/.. && [ -f entry-with-a-longish-name-to-fill-blocks-3 ]'
		check "$t-nlink-after-dir-move" sh -c '[ "$(stat -c %h a/b)" -eq 2 ] && [ "$(stat -c %h many)" -eq 3 ]'
		mkdir emptydir
		mv many/c/d emptydir2 && mv -T emptydir2 emptydir
		check "$t-rename-dir-over-empty" [ -f emptydir/file ]
		check_not "$t-rmdir-nonempty" rmdir emptydir 2>/dev/null
		rm emptydir/file
		check "$t-rmdir-empty" rmdir emptydir
		# hard and symbolic links
		ln a/b/moved hard
		check "$t-hardlink" sh -c '[ "$(stat -c %h hard)" -eq 2 ] && [ "$(stat -c %i hard)" = "$(stat -c %i a/b/moved)" ]'
		ln -s a/b/moved sym
		check "$t-symlink" sh -c '[ "$(readlink sym)" = a/b/moved ] && [ "$(cat sym)" = 2 ]'
		cd /
		umount "$MNT"; mnt "engine=$e"
		cd "$MNT"
		# many: 150 files - 2 moved out + directory c moved in
		n=$(ls many | wc -l)
		if [ "$n" -eq 149 ] && [ "$(cat sym)" = 2 ] && [ "$(stat -c %h hard)" -eq 2 ]; then
			pass "$t-remount-listing"
		else
			fail "$t-remount-listing" "$n entries in many, sym -> $(cat sym), hard nlink $(stat -c %h hard)"
		fi
		i=0
		while [ $i -lt 150 ]; do
			rm -f "many/entry-with-a-longish-name-to-fill-blocks-$i"
			i=$((i + 1))
		done
		rm -rf many/c
		check "$t-rmdir-after-unlink-all" rmdir many
		rm -f hard
		check "$t-unlink-drops-nlink" [ "$(stat -c %h a/b/moved)" -eq 1 ]
		cd /
		fsck_clean "$t"
	done
done
finish
