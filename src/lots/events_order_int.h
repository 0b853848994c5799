/* events_order_int.h - what the two halves of the order of operations at a
 * meeting share (issue 12; R51, R237, C42; docs/draw.md "The order of
 * operations at a meeting"): events_order.c (lodging, closing, applying
 * and listing the requests) and events_order_check.c (their check for
 * `draw verify --db`, lots_requests_check).  Nothing else sees it. */
#ifndef RM_LOTS_EVENTS_ORDER_INT_H
#define RM_LOTS_EVENTS_ORDER_INT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

struct store;
struct store_stmt;

/* One lodged request (lots_requests). */
struct rq {
	int64_t id;
	int seq, status_applied, pending, order;      /* order: place in the drawn order */
	char kind[12], hash[65], key[65], rkind[8];
	int64_t rdraw;
	int rseq;
	char *body;
};

/* A meeting's list of requests (lots_meetings): closed, applied, its hash
 * and the public entropy. */
struct mtg {
	int closed, applied;
	char hash[65], ename[256], evalue[256];
};

/* A column's text, "" for NULL. */
const char *lots_order_col(struct store_stmt *st, int i);
/* Key k of o as a non-empty string, else NULL. */
const char *lots_order_jstr(json_t *o, const char *k);
/* SHA-256 of "revmech-request/1\n" MEETING "\n" SEQ "\n" BODY "\n". */
void lots_order_request_hash(const char *meeting, int seq, const char *body, char out[65]);
/* SHA-256 of "revmech-requests/1\n" MEETING "\n" and each request's hash
 * and "\n", in lodging order. */
void lots_order_list_hash(const char *meeting, const struct rq *v, size_t n, char out[65]);
/* Fills each request's key and order from the list hash and the entropy. */
void lots_order_draw(struct rq *v, size_t n, const struct mtg *m);
/* The meeting's row: 1 found, 0 not recorded, -1 store error. */
int lots_order_meeting_load(struct store *s, const char *ref, struct mtg *m);
/* The requests of meeting in lodging order (free with
 * lots_order_requests_free).  Returns 0 or -1. */
int lots_order_requests_load(struct store *s, const char *meeting, struct rq **out, size_t *n);
void lots_order_requests_free(struct rq *v, size_t n);

#endif
