/* cmd_draw_redraw.c - `revmech draw redraw` (paras 28 d-f, 30; issue 3,
 * issue 12): a reviewer replaced in a document (--roster, --draw) or in
 * the stored draw (--db, at a recorded meeting), with randomness derived
 * from the draw's seed and the request; one line says what changed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cmd_draw_int.h"
#include "core/roster.h"
#include "lots/events.h"
#include "lots/lots.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/util.h"

/* One line saying what the last redraw of the document json changed (issue
 * 8 item 6: the document itself only with --json or --out). */
static int print_redraw_summary(const char *cmd, const struct roster *r, const char *json)
{
	struct lots_draw d = { 0 };
	char err[512];
	if (lots_draw_from_json(json, r, &d, err, sizeof err) != LOTS_OK || !d.nredraws) {
		lots_draw_free(&d);
		return cli_data_error(cmd, "internal error, the document cannot be read back: %s", err);
	}
	const struct lots_redraw *w = &d.redraws[d.nredraws - 1];
	int counted = 0;
	for (size_t i = 0; i < d.nredraws; i++)
		counted += d.redraws[i].reviewed == w->reviewed &&
			   d.redraws[i].requested_by == w->requested_by &&
			   d.redraws[i].reason < LOTS_REASON_EXCEPTIONAL;
	printf("redraw %d: review of %s, %s (%s) replaced by %s; requested by %s, reason %s",
	       w->seq, r->v[w->reviewed].code, r->v[w->old_state].code, lots_role_code(w->role),
	       r->v[w->new_state].code, r->v[w->requested_by].code, lots_reason_code(w->reason));
	if (w->reason < LOTS_REASON_EXCEPTIONAL)
		printf(" (counted: %d of %d)", counted, d.params.redraw_limit);
	else
		printf(" (not counted)");
	if (w->nmoves > 1)
		printf("; %d further change%s", w->nmoves - 1, w->nmoves > 2 ? "s" : "");
	if (w->exception >= 0)
		printf("; recorded exception: %s is left with no review", r->v[w->exception].code);
	printf("\n");
	lots_draw_free(&d);
	return fflush(stdout) == 0 ? CLI_OK : cli_data_error(cmd, "write error");
}

/* The redrawn document: into --out, or on stdout with --json (then
 * without the summary line, so that stdout is the JSON alone). */
static int redraw_output(const char *cmd, const struct dopts *o, const struct roster *r,
			 const char *json)
{
	int rc = CLI_OK;
	if (o->out)
		rc = draw_write_out(cmd, o->out, json);
	else if (o->json)
		return draw_write_out(cmd, NULL, json);
	return rc == CLI_OK ? print_redraw_summary(cmd, r, json) : rc;
}

int cli_draw_redraw(int argc, char **argv)
{
	const char *cmd = "draw redraw";
	struct dopts o = { 0 };
	struct roster r = { 0 };
	struct lots_draw d = { 0 };
	char sha[65], err[1024], *json = NULL, *out = NULL;
	size_t len;
	int rc = CLI_USAGE, first;

	if ((first = draw_opts_parse(cmd, argc, argv, &o, &rc)) < 0)
		return rc;
	if (first < argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[first]);
	if (!o.reviewed)
		return cli_usage_error(cmd, "missing --reviewed CODE");
	if (!o.replace)
		return cli_usage_error(cmd, "missing --replace CODE");
	if (!o.requested_by)
		return cli_usage_error(cmd, "missing --requested-by CODE");
	if (!o.reason)
		return cli_usage_error(cmd, "missing --reason");
	if (o.seed)
		return cli_usage_error(cmd, "--seed: a redraw takes no seed; its randomness is "
				       "derived from the draw's seed and the request (R51)");
	struct lots_redraw_req req = {
		.reviewed = o.reviewed, .replace = o.replace, .requested_by = o.requested_by,
		.reason = lots_reason_parse(o.reason), .note = o.note, .decision = o.decision,
		.consent_by = o.consent_by, .consent_date = o.consent_date,
		.consent_ref = o.consent_ref,
	};
	if (req.reason < 0)
		return cli_usage_error(cmd, "--reason: '%s' is not language, legal_system, other, "
				       "exceptional or unable", o.reason);
	if (req.reason >= LOTS_REASON_EXCEPTIONAL && (!o.note || !*o.note))
		return cli_usage_error(cmd, "--note: reason %s needs a note (paras 28 e, 30)", o.reason);
	if (req.reason == LOTS_REASON_EXCEPTIONAL && (!o.decision || !*o.decision))
		return cli_usage_error(cmd, "--decision: reason exceptional needs the reference of "
				       "the recorded decision (para 28 e)");
	if (o.db) {
		if (o.draw)
			return cli_usage_error(cmd, "--draw: not with --db (the stored draw is used)");
		if ((rc = draw_need_meeting(cmd, &o)) != CLI_OK)
			return rc;
		struct store *s = draw_db_open(cmd, o.db, &rc);
		if (!s)
			return rc;
		char actor[96];
		cli_actor(actor, sizeof actor);
		struct lots_event_meta meta = { .run_by = o.by, .meeting = o.meeting, .actor = actor,
						.ip = "local" };
		if (lots_op_redraw_applies(s, req.reviewed, req.replace)) {
			/* A slot a later drawing event made (events.c). */
			char *sum = NULL;
			int e = lots_op_redraw(s, &req, &meta, &sum, err, sizeof err);
			rc = e == LOTS_OK ? (printf("%s\n", sum), CLI_OK) :
			     strncmp(err, "--", 2) == 0 ? cli_usage_error(cmd, "%s", err) :
			     cli_data_error(cmd, "%s", err);
			free(sum);
			store_close(s);
			return rc;
		}
		int e = lots_db_redraw_meta(s, &req, &meta, &out, err, sizeof err);
		int64_t id;
		if (e == LOTS_OK && lots_db_load_current(s, &id, &r, sha, &json, err,
							  sizeof err) != LOTS_OK)
			rc = cli_data_error(cmd, "%s", err);
		else if (e == LOTS_OK)
			rc = redraw_output(cmd, &o, &r, out);
		else if (strncmp(err, "--", 2) == 0)
			rc = cli_usage_error(cmd, "%s", err);
		else
			rc = cli_data_error(cmd, "%s", err);
		store_close(s);
		free(out);
		free(json);
		roster_free(&r);
		return rc;
	}
	if (!o.draw)
		return cli_usage_error(cmd, "missing --draw FILE.json");
	if ((rc = draw_roster_load(cmd, o.roster, &r, sha)) != CLI_OK)
		return rc;
	rc = CLI_DATA;
	if (util_read_file(o.draw, MAX_FILE, &json, &len, err, sizeof err) < 0) {
		rc = cli_data_error(cmd, "--draw: %s", err);
		goto out;
	}
	if (lots_draw_from_json(json, &r, &d, err, sizeof err) != LOTS_OK) {
		rc = cli_data_error(cmd, "--draw: %s", err);
		goto out;
	}
	if (strcmp(d.roster_sha256, sha) != 0) {
		rc = cli_data_error(cmd, "--draw: the document was drawn from another roster "
				    "(roster_sha256 differs)");
		goto out;
	}
	int e = lots_redraw(&r, &d, &req, err, sizeof err);
	if (e == LOTS_EINPUT) {
		rc = cli_usage_error(cmd, "%s", err);
		goto out;
	}
	if (e != LOTS_OK) {
		rc = cli_data_error(cmd, "%s", err);
		goto out;
	}
	out = lots_draw_to_json(&d, &r);
	rc = draw_check_output(cmd, &r, sha, out);
	if (rc == CLI_OK)
		rc = redraw_output(cmd, &o, &r, out);
out:
	free(json);
	free(out);
	lots_draw_free(&d);
	roster_free(&r);
	return rc;
}
