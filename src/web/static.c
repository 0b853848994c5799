/* static.c - the stylesheet (and any other small asset) under /static/,
 * read once at start-up so that serving it touches no disk. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "util/xmalloc.h"
#include "web/server.h"

static const struct {
	const char *name;
	const char *ctype;
} assets[] = {
	{ "style.css", "text/css; charset=utf-8" },
};
#define NASSETS (sizeof assets / sizeof assets[0])

static char *data[NASSETS];
static size_t len[NASSETS];

int static_load(const char *dir)
{
	int loaded = 0;
	for (size_t i = 0; i < NASSETS; i++) {
		char path[4096], err[256];
		snprintf(path, sizeof path, "%s/%s", dir, assets[i].name);
		free(data[i]);
		data[i] = NULL;
		if (util_read_file(path, 1u << 20, &data[i], &len[i], err, sizeof err) == 0)
			loaded++;
	}
	return loaded;
}

void static_free(void)
{
	for (size_t i = 0; i < NASSETS; i++) {
		free(data[i]);
		data[i] = NULL;
	}
}

int static_dispatch(struct web_req *rq, struct web_resp *rs)
{
	if (strcmp(rq->method, "GET") != 0)
		return -1;
	for (size_t i = 0; i < NASSETS; i++) {
		if (data[i] && strcmp(rq->path + 8, assets[i].name) == 0) {
			rs->status = 200;
			rs->ctype = assets[i].ctype;
			rs->cacheable = 1;
			buf_append(&rs->body, data[i], len[i]);
			return 0;
		}
	}
	return -1;
}
