/* pages_notify.c - the signed-in user's notifications (issue 9,
 * "Notifications through the platform's outbox, in the interface and by
 * e-mail"): the page /notifications (newest first, unread marked, 20 a
 * page, each linking to its page; "mark all read" and per item, by POST
 * with CSRF then a redirect) and the API GET /api/v1/notifications,
 * POST /api/v1/notifications/read.  The notifications themselves are
 * written by notify/ in the transactions of the review modules; who may
 * read or mark which is access/'s ACCESS_NOTIFICATIONS_OWN, asked here of
 * every owner. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/access.h"
#include "i18n/i18n.h"
#include "notify/notify.h"
#include "util/util.h"
#include "util/xmalloc.h"
#include "web/handlers.h"
#include "web/pages.h"

#define NOTIFY_WEB_PAGE 20
#define NOTIFY_WEB_MAX_IDS 100

/* Whether the actor may read or mark the notifications of account owner
 * (an id; the account itself is the actor's when it is its own). */
static struct access_decision owner_decision(const struct web_req *rq, int64_t owner)
{
	struct access_actor a = web_req_actor(rq);
	struct account o;
	memset(&o, 0, sizeof o);
	o.id = owner;
	struct access_object obj = { .account = owner > 0 ? &o : NULL };
	return access_check(&a, ACCESS_NOTIFICATIONS_OWN, &obj);
}

/* The body text: escaped, one line a line. */
static void put_body(struct buf *b, const char *text)
{
	const char *p = text;
	while (*p) {
		size_t n = strcspn(p, "\n");
		char *line = xstrndup(p, n);
		web_html(b, "%s", line);
		free(line);
		p += n;
		if (*p == '\n') {
			web_html(b, "<br>");
			p++;
		}
	}
}

/* The link to page pg of the list. */
static void page_link(struct buf *b, long pg)
{
	buf_reset(b);
	buf_printf(b, "/notifications?page=%ld", pg);
}

void page_notifications(struct web_req *rq, struct web_resp *rs)
{
	struct access_decision d = owner_decision(rq, rq->user.id);
	if (d.result != ACCESS_ALLOW) {
		pages_error(rq, rs, 404);
		return;
	}
	const char *pg = web_req_query(rq, "page");
	long page = 1;
	if (pg && util_parse_long(pg, 1, 1000000, &page) < 0)
		page = 1;
	long long total = notify_count(rq->db, rq->user.id, 0);
	long long unread = notify_count(rq->db, rq->user.id, 1);
	struct notify_item *v = NULL;
	size_t n = 0;
	if (total < 0 || unread < 0 ||
	    notify_list(rq->db, rq->user.id, 0, (page - 1) * NOTIFY_WEB_PAGE, NOTIFY_WEB_PAGE, &v,
			&n) < 0) {
		pages_error(rq, rs, 503);
		return;
	}
	struct buf *b = &rs->body;
	pages_begin(rq, b, T("Notifications"));
	web_html(b, "<p>%s: ", T("Unread notifications"));
	i18n_put_number(b, rq->lang, unread);
	web_html(b, "</p>\n");
	if (unread > 0) {
		web_html(b, "<form method=\"post\" action=\"/notifications/read\">");
		pages_csrf(rq, b);
		web_html(b, "<input type=\"hidden\" name=\"all\" value=\"1\">"
			 "<input type=\"hidden\" name=\"page\" value=\"%l\">"
			 "<button type=\"submit\">%s</button></form>\n",
			 (long long)page, T("Mark all as read"));
	}
	if (n == 0)
		web_html(b, "<p>%s</p>\n", T("You have no notifications."));
	else
		web_html(b, "<ol class=\"notifications\">\n");
	for (size_t i = 0; i < n; i++) {
		const struct i18n_lang *l = i18n_find(v[i].lang);
		int is_unread = !v[i].read_at[0];
		web_html(b, "<li id=\"n%l\" class=\"%s\" lang=\"%s\" dir=\"%s\"><h2>",
			 (long long)v[i].id, is_unread ? "unread" : "read", l ? l->code : "en",
			 l ? l->dir : "ltr");
		if (is_unread)
			web_html(b, "<strong class=\"badge\" lang=\"%s\">%s</strong> ", rq->lang,
				 T("Unread"));
		if (v[i].link[0])
			web_html(b, "<a href=\"%s\">%s</a>", v[i].link, v[i].subject);
		else
			web_html(b, "%s", v[i].subject);
		web_html(b, "</h2>\n<p class=\"meta\" lang=\"%s\"><time datetime=\"%s\">", rq->lang,
			 v[i].created);
		i18n_put_date(b, rq->lang, v[i].created);
		char hm[6] = "";
		if (strlen(v[i].created) >= 16)
			util_strlcpy(hm, v[i].created + 11, sizeof hm);
		web_html(b, " %s UTC</time></p>\n<p>", hm);
		put_body(b, v[i].body);
		web_html(b, "</p>\n");
		if (is_unread) {
			web_html(b, "<form method=\"post\" action=\"/notifications/read\" lang=\"%s\">",
				 rq->lang);
			pages_csrf(rq, b);
			web_html(b, "<input type=\"hidden\" name=\"id\" value=\"%l\">"
				 "<input type=\"hidden\" name=\"page\" value=\"%l\">"
				 "<button type=\"submit\" class=\"link\">%s</button></form>\n",
				 (long long)v[i].id, (long long)page, T("Mark as read"));
		}
		web_html(b, "</li>\n");
	}
	if (n)
		web_html(b, "</ol>\n");
	notify_items_free(v, n);
	long pages = (long)((total + NOTIFY_WEB_PAGE - 1) / NOTIFY_WEB_PAGE);
	if (pages > 1) {
		struct buf link = { 0 };
		web_html(b, "<nav class=\"pager\" aria-label=\"%s\"><ul>", T("Pages"));
		if (page > 1) {
			page_link(&link, page - 1);
			web_html(b, "<li><a rel=\"prev\" href=\"%s\">%s</a></li>", buf_str(&link),
				 T("Newer entries"));
		}
		web_html(b, "<li>");
		i18n_put_number(b, rq->lang, page);
		web_html(b, " / ");
		i18n_put_number(b, rq->lang, pages);
		web_html(b, "</li>");
		if (page < pages) {
			page_link(&link, page + 1);
			web_html(b, "<li><a rel=\"next\" href=\"%s\">%s</a></li>", buf_str(&link),
				 T("Older entries"));
		}
		web_html(b, "</ul></nav>\n");
		buf_free(&link);
	}
	pages_end(rq, b);
}

/* POST /notifications/read: all=1 (every unread one of the user's) or
 * id=N (one, the user's own: another's is a 404 like a missing one);
 * then back to the list's page (post-redirect-get). */
void page_notifications_read(struct web_req *rq, struct web_resp *rs)
{
	const char *all = web_req_field(rq, "all"), *idv = web_req_field(rq, "id");
	const char *pg = web_req_field(rq, "page");
	long id = 0, page = 1;
	int64_t owner = rq->user.id;
	if (pg && util_parse_long(pg, 1, 1000000, &page) < 0)
		page = 1;
	if (!(all && !strcmp(all, "1"))) {
		if (!idv || util_parse_long(idv, 1, 1L << 62, &id) < 0) {
			pages_error(rq, rs, 400);
			return;
		}
		int f = notify_owner(rq->db, id, &owner);
		if (f < 0) {
			pages_error(rq, rs, 503);
			return;
		}
		if (f == 0)
			owner = 0;
	}
	struct access_decision d = owner_decision(rq, owner);
	if (d.result != ACCESS_ALLOW) {
		web_req_audit(rq, "access.denied", rq->log_path, d.reason);
		pages_error(rq, rs, 404);
		return;
	}
	int64_t one = id;
	if (notify_mark_read(rq->db, owner, id ? &one : NULL, id ? 1 : 0) < 0) {
		pages_error(rq, rs, 503);
		return;
	}
	char to[64];
	if (id)
		snprintf(to, sizeof to, "/notifications?page=%ld#n%ld", page, id);
	else
		snprintf(to, sizeof to, "/notifications?page=%ld", page);
	web_resp_redirect(rs, to);
}

static json_t *item_json(const struct notify_item *it)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:b}", "id", (json_int_t)it->id,
			 "lang", it->lang, "subject", it->subject, "body", it->body, "link",
			 it->link, "created", it->created, "read_at",
			 it->read_at[0] ? json_string(it->read_at) : json_null(), "unread",
			 !it->read_at[0]);
}

/* GET /api/v1/notifications[?unread=1][&limit=N][&offset=N]: the actor's
 * own, newest first. */
void api_notifications(struct web_req *rq, struct web_resp *rs)
{
	struct access_decision d = owner_decision(rq, rq->user.id);
	if (d.result != ACCESS_ALLOW) {
		web_resp_json_error(rs, d.result == ACCESS_NEED_LOGIN ? 401 : 404, d.code, d.reason);
		return;
	}
	const char *u = web_req_query(rq, "unread"), *lv = web_req_query(rq, "limit"),
		   *ov = web_req_query(rq, "offset");
	long limit = NOTIFY_WEB_PAGE, offset = 0;
	if ((u && strcmp(u, "0") && strcmp(u, "1")) ||
	    (lv && util_parse_long(lv, 1, NOTIFY_PAGE_MAX, &limit) < 0) ||
	    (ov && util_parse_long(ov, 0, 1L << 40, &offset) < 0)) {
		web_resp_json_error(rs, 400, "bad_request", "unread is 0 or 1, limit 1 to 100, "
				    "offset 0 or more");
		return;
	}
	int only = u && !strcmp(u, "1");
	struct notify_item *v = NULL;
	size_t n = 0;
	long long total = notify_count(rq->db, rq->user.id, only);
	long long unread = notify_count(rq->db, rq->user.id, 1);
	if (total < 0 || unread < 0 ||
	    notify_list(rq->db, rq->user.id, only, offset, (int)limit, &v, &n) < 0) {
		web_resp_json_error(rs, 503, "unavailable", "the notifications could not be read");
		return;
	}
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, item_json(&v[i]));
	notify_items_free(v, n);
	web_resp_json(rs, 200, json_pack("{s:o, s:I, s:I, s:I, s:I}", "notifications", list,
					 "total", (json_int_t)total, "unread", (json_int_t)unread,
					 "limit", (json_int_t)limit, "offset", (json_int_t)offset));
}

/* POST /api/v1/notifications/read {"ids": [..]} or {"all": true}: all or
 * nothing; an id that is not the actor's own is a 404 (like a missing one)
 * and nothing is marked. */
void api_notifications_read(struct web_req *rq, struct web_resp *rs)
{
	json_error_t jerr;
	json_t *in = json_loadb(rq->body.p ? rq->body.p : "", rq->body.len, 0, &jerr);
	json_t *ids = json_object_get(in, "ids"), *all = json_object_get(in, "all");
	int64_t v[NOTIFY_WEB_MAX_IDS];
	size_t n = 0;
	int every = json_is_true(all);
	if (!json_is_object(in) || (every && ids) || (!every && (!json_is_array(ids) ||
	    json_array_size(ids) < 1 || json_array_size(ids) > NOTIFY_WEB_MAX_IDS))) {
		json_decref(in);
		web_resp_json_error(rs, 400, "bad_request", "body must be {\"ids\": [1 to 100 "
				    "notification ids]} or {\"all\": true}");
		return;
	}
	for (size_t i = 0; !every && i < json_array_size(ids); i++) {
		json_t *e = json_array_get(ids, i);
		int64_t owner = 0;
		int f = json_is_integer(e) && json_integer_value(e) > 0
			? notify_owner(rq->db, json_integer_value(e), &owner) : 0;
		if (f < 0) {
			json_decref(in);
			web_resp_json_error(rs, 503, "unavailable", "the notifications could not be read");
			return;
		}
		struct access_decision d = owner_decision(rq, f ? owner : 0);
		if (d.result != ACCESS_ALLOW) {
			json_decref(in);
			web_req_audit(rq, "access.denied", rq->log_path, d.reason);
			web_resp_json_error(rs, 404, "not_found", "no such notification of yours");
			return;
		}
		v[n++] = json_integer_value(e);
	}
	json_decref(in);
	if (every && owner_decision(rq, rq->user.id).result != ACCESS_ALLOW) {
		web_resp_json_error(rs, 404, "not_found", "no such notification of yours");
		return;
	}
	int k = notify_mark_read(rq->db, rq->user.id, every ? NULL : v, n);
	long long unread = k < 0 ? -1 : notify_count(rq->db, rq->user.id, 1);
	if (k < 0 || unread < 0) {
		web_resp_json_error(rs, 503, "unavailable", "the notifications could not be marked");
		return;
	}
	web_resp_json(rs, 200, json_pack("{s:i, s:I}", "marked", k, "unread", (json_int_t)unread));
}
