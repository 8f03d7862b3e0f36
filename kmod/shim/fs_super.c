// SPDX-License-Identifier: GPL-2.0
/* Filesystem registration, the inode slab, super_operations and superblock
 * pass-throughs. The logic behind every operation is C++ in kmod/fs. */
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/statfs.h>
#include <linux/blkdev.h>
#include <linux/buffer_head.h>
#include <linux/mutex.h>
#include <linux/version.h>
#include "shim_fs.h"

/* The slab object behind every mpfs inode. */
struct mpfs_inode_container {
	struct mpfs_inode_mem mem;
	struct mutex map_lock; /* block map changes: allocation and truncation */
	struct inode vfs_inode;
};

static struct kmem_cache *mpfs_inode_cachep;

/* SLAB_MEM_SPREAD is gone in 6.12 (it was a no-op under SLUB before). */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
#define MPFS_INODE_SLAB_FLAGS (SLAB_RECLAIM_ACCOUNT | SLAB_ACCOUNT)
#else
#define MPFS_INODE_SLAB_FLAGS (SLAB_RECLAIM_ACCOUNT | SLAB_MEM_SPREAD | SLAB_ACCOUNT)
#endif

struct mpfs_inode_mem *shim_fs_inode_mem(struct inode *inode)
{
	return &container_of(inode, struct mpfs_inode_container, vfs_inode)->mem;
}

void *shim_fs_inode_map_lock(struct inode *inode)
{
	return &container_of(inode, struct mpfs_inode_container, vfs_inode)->map_lock;
}

static struct inode *mpfs_alloc_inode(struct super_block *sb)
{
	struct mpfs_inode_container *c = alloc_inode_sb(sb, mpfs_inode_cachep, GFP_KERNEL);

	return c ? &c->vfs_inode : NULL;
}

static void mpfs_free_inode(struct inode *inode)
{
	kmem_cache_free(mpfs_inode_cachep, container_of(inode, struct mpfs_inode_container, vfs_inode));
}

static void mpfs_inode_init_once(void *p)
{
	struct mpfs_inode_container *c = p;

	mutex_init(&c->map_lock);
	inode_init_once(&c->vfs_inode);
}

int shim_fs_inode_cache_create(void)
{
	mpfs_inode_cachep = kmem_cache_create("mpfs_inode_cache", sizeof(struct mpfs_inode_container), 0,
					      MPFS_INODE_SLAB_FLAGS,
					      mpfs_inode_init_once);
	return mpfs_inode_cachep ? 0 : -ENOMEM;
}

void shim_fs_inode_cache_destroy(void)
{
	rcu_barrier(); /* inodes are freed after an RCU grace period */
	kmem_cache_destroy(mpfs_inode_cachep);
}

static const struct super_operations mpfs_super_ops = {
	.alloc_inode = mpfs_alloc_inode,
	.free_inode = mpfs_free_inode,
	.write_inode = mpfs_write_inode,
	.evict_inode = mpfs_evict_inode,
	.put_super = mpfs_put_super,
	.statfs = mpfs_statfs,
	.show_options = mpfs_show_options,
	.remount_fs = mpfs_remount,
};

static struct dentry *mpfs_mount(struct file_system_type *fs_type, int flags, const char *dev_name,
				 void *data)
{
	return mount_bdev(fs_type, flags, dev_name, data, mpfs_fill_super);
}

static struct file_system_type mpfs_fs_type = {
	.owner = THIS_MODULE,
	.name = "mpfs",
	.mount = mpfs_mount,
	.kill_sb = kill_block_super,
	.fs_flags = FS_REQUIRES_DEV,
};
MODULE_ALIAS_FS("mpfs");

int shim_fs_register(void)
{
	return register_filesystem(&mpfs_fs_type);
}

void shim_fs_unregister(void)
{
	unregister_filesystem(&mpfs_fs_type);
}

int shim_sb_min_blocksize(struct super_block *sb, int size)
{
	return sb_min_blocksize(sb, size);
}

int shim_sb_set_blocksize(struct super_block *sb, int size)
{
	return sb_set_blocksize(sb, size);
}

unsigned long long shim_sb_bdev_bytes(struct super_block *sb)
{
	return bdev_nr_bytes(sb->s_bdev);
}

void shim_fs_sb_init(struct super_block *sb, void *fs_info, unsigned long long maxbytes)
{
	sb->s_fs_info = fs_info;
	sb->s_op = &mpfs_super_ops;
	sb->s_magic = 0x5346504d; /* MPFS_MAGIC */
	sb->s_maxbytes = maxbytes;
	sb->s_time_gran = 1;
}

void *shim_sb_fs_info(struct super_block *sb)
{
	return sb->s_fs_info;
}

int shim_fs_sb_set_root(struct super_block *sb, struct inode *root)
{
	sb->s_root = d_make_root(root);
	return sb->s_root ? 0 : -ENOMEM;
}

int shim_sb_issue_flush(struct super_block *sb)
{
	return blkdev_issue_flush(sb->s_bdev);
}

void shim_kstatfs_fill(struct kstatfs *buf, unsigned long type, unsigned long bsize,
		       unsigned long long blocks, unsigned long long bfree,
		       unsigned long long files, unsigned long long ffree, unsigned long namelen)
{
	*buf = (struct kstatfs){ .f_type = type, .f_bsize = bsize, .f_blocks = blocks,
				 .f_bfree = bfree, .f_bavail = bfree, .f_files = files,
				 .f_ffree = ffree, .f_namelen = namelen, .f_frsize = bsize };
}

struct super_block *shim_dentry_sb(struct dentry *dentry)
{
	return dentry->d_sb;
}
