// SPDX-License-Identifier: GPL-2.0
/* Memory, locks and logging for the filesystem's C++. */
#include <linux/slab.h>
#include <linux/mutex.h>
#include <linux/printk.h>
#include <linux/ratelimit.h>
#include <linux/seq_file.h>
#include <linux/timekeeping.h>
#include <linux/err.h>
#include "shim_fs.h"

void *shim_kzalloc(unsigned long size)
{
	return kzalloc(size, GFP_KERNEL);
}

void shim_kfree(const void *p)
{
	kfree(p);
}

void *shim_fs_mutex_new(void)
{
	struct mutex *m = kmalloc(sizeof(*m), GFP_KERNEL);

	if (m)
		mutex_init(m);
	return m;
}

void shim_fs_mutex_free(void *m)
{
	kfree(m);
}

void shim_mutex_lock(void *m)
{
	mutex_lock(m);
}

void shim_mutex_unlock(void *m)
{
	mutex_unlock(m);
}

/* One log line, always prefixed "mpfs: ". */
void shim_fs_err(const char *fmt, ...)
{
	struct va_format vaf = { .fmt = fmt };
	va_list args;

	va_start(args, fmt);
	vaf.va = &args;
	pr_err("mpfs: %pV\n", &vaf);
	va_end(args);
}

void shim_fs_err_ratelimited(const char *fmt, ...)
{
	static DEFINE_RATELIMIT_STATE(rs, DEFAULT_RATELIMIT_INTERVAL, DEFAULT_RATELIMIT_BURST);
	struct va_format vaf = { .fmt = fmt };
	va_list args;

	va_start(args, fmt);
	vaf.va = &args;
	if (__ratelimit(&rs))
		pr_err("mpfs: %pV\n", &vaf);
	va_end(args);
}

void shim_fs_info(const char *fmt, ...)
{
	struct va_format vaf = { .fmt = fmt };
	va_list args;

	va_start(args, fmt);
	vaf.va = &args;
	pr_info("mpfs: %pV\n", &vaf);
	va_end(args);
}

void shim_seq_puts(struct seq_file *m, const char *s)
{
	seq_puts(m, s);
}

long long shim_ktime_get_real_ns(void)
{
	return ktime_get_real_ns();
}

void *shim_err_ptr(long err)
{
	return ERR_PTR(err);
}
