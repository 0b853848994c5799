/* static.c - the stylesheet (and any other small asset) under /static/,
 * read once at start-up so that serving it touches no disk; the health
 * check and the favicon, which need no store either. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "util/xmalloc.h"
#include "web/handlers.h"
#include "web/pages.h"
#include "web/web.h"

static const struct {
	const char *name;
	const char *ctype;
} assets[] = {
	{ "style.css", "text/css; charset=utf-8" },
	/* summ (issue 10): the live word count of the summary page */
	{ "summary.js", "text/javascript; charset=utf-8" },
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

void static_serve(struct web_req *rq, struct web_resp *rs)
{
	for (size_t i = 0; i < NASSETS; i++) {
		if (data[i] && strcmp(rq->param[0], assets[i].name) == 0) {
			rs->status = 200;
			rs->ctype = assets[i].ctype;
			rs->cacheable = 1;
			buf_append(&rs->body, data[i], len[i]);
			return;
		}
	}
	pages_error(rq, rs, 404);
}

void static_healthz(struct web_req *rq, struct web_resp *rs)
{
	(void)rq;
	web_resp_json(rs, 200, json_pack("{s:s}", "status", "ok"));
}

/* No icon: answer "nothing" cheaply so browsers stop asking. */
void static_favicon(struct web_req *rq, struct web_resp *rs)
{
	(void)rq;
	rs->status = 204;
	rs->cacheable = 1;
	rs->ctype = "image/x-icon";
}
