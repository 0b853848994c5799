/* store_util.c - helpers written over store.h, shared by every backend. */
#include "store/store.h"

long long store_count(struct store *s, const char *sql, const char *arg)
{
	long long n = -1;
	struct store_stmt *st = store_prepare_cached(s, sql);
	if (!st)
		return -1;
	if (arg)
		store_bind_text(st, 1, arg);
	if (store_step(st) == STORE_ROW)
		n = (long long)store_col_int(st, 0);
	store_finalize(st);
	return n;
}
