/* cmd_draw_record.c - what `revmech draw` records beside the draw itself
 * (issue 12): the seed commitment published before the meeting (commit,
 * R51), a decision cited by exceptional redraws (decision), an opt-out of
 * footnote 2 of resolution 9/1 with its date and source, applied to a
 * stored draw at a meeting (opt-out, C34), and the versioned parameters
 * of the drawing of lots (params, R38). */
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

/* What is published before the meeting (R51): the roster hash and the
 * commitment to the seed, without the seed. */
int cli_draw_commit(int argc, char **argv)
{
	const char *cmd = "draw commit";
	struct dopts o = { 0 };
	struct roster r = { 0 };
	char sha[65], com[65], err[1024];
	int rc = CLI_USAGE, first;
	if ((first = draw_opts_parse(cmd, argc, argv, &o, &rc)) < 0)
		return rc;
	if (first < argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[first]);
	if (!o.have_seed)
		return cli_usage_error(cmd, "missing --seed HEX (64 hex digits)");
	if (o.db) {
		struct store *s = draw_db_open(cmd, o.db, &rc);
		if (!s)
			return rc;
		struct buf csv = { 0 };
		struct roster dbr = { 0 };
		int e = roster_load_db(s, &dbr, err, sizeof err);
		store_close(s);
		if (e == 0) {
			/* The same bytes `draw lots --db` draws from. */
			roster_write_csv(&dbr, &csv);
			e = roster_parse_csv(csv.p ? csv.p : "", csv.len, &r, err, sizeof err);
		}
		buf_free(&csv);
		roster_free(&dbr);
		if (e < 0) {
			roster_free(&r);
			return cli_data_error(cmd, "--db: %s", err);
		}
		lots_roster_hash(&r, sha);
	} else if ((rc = draw_roster_load(cmd, o.roster, &r, sha)) != CLI_OK) {
		return rc;
	}
	lots_seed_commitment(o.seedb, com);
	printf("{\n  \"roster_sha256\": \"%s\",\n  \"seed_commitment\": \"%s\"\n}\n", sha, com);
	roster_free(&r);
	return fflush(stdout) == 0 ? CLI_OK : cli_data_error(cmd, "write error");
}

int cli_draw_decision(int argc, char **argv)
{
	const char *cmd = "draw decision";
	struct dopts o = { 0 };
	char err[600];
	int rc = CLI_USAGE, first;
	if ((first = draw_opts_parse(cmd, argc, argv, &o, &rc)) < 0)
		return rc;
	if (first < argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[first]);
	if (!o.db)
		return cli_usage_error(cmd, "decisions are kept in the store: --db PATH");
	if (!o.ref || !o.date || !o.title)
		return cli_usage_error(cmd, "missing %s", !o.ref ? "--ref REF" : !o.date ?
				       "--date YYYY-MM-DD" : "--title TEXT");
	struct store *s = draw_db_open(cmd, o.db, &rc);
	if (!s)
		return rc;
	if (lots_db_add_decision(s, o.ref, o.date, o.title, err, sizeof err) != LOTS_OK)
		rc = cli_usage_error(cmd, "%s", err);
	else
		rc = CLI_OK;
	store_close(s);
	return rc;
}

/* An opt-out of footnote 2 (C34) with its date and source. */
/* C34: an opt-out recorded over a stored draw is applied to the
 * programme by the op "optout" (events_late.c), at --meeting when given;
 * otherwise the operator is told that `draw verify --db` fails until it
 * is.  The opt-out itself stays recorded either way. */
static int opt_out_apply(const char *cmd, struct store *s, const struct dopts *o,
			 const char *actor)
{
	char err[4096], *sum = NULL;
	struct store_stmt *st = store_prepare(s, "SELECT 1 FROM lots_draws WHERE status = "
					      "'current'");
	int drawn = st && store_step(st) == STORE_ROW;
	store_finalize(st);
	if (!drawn)
		return CLI_OK;
	if (!o->meeting) {
		fprintf(stderr, "%s: note: a drawing of lots is stored; apply the opt-out to it at a "
			"recorded meeting (revmech draw optout --db PATH --meeting REF --state %s, "
			"C34): until then `draw verify --db` fails if the programme draws %s\n", cmd,
			o->state, o->state);
		return CLI_OK;
	}
	struct lots_op_req q = { .kind = "optout", .meeting = o->meeting, .state = o->state,
				 .run_by = o->by ? o->by : actor, .actor = actor, .ip = "local" };
	int e = lots_op_run(s, &q, &sum, NULL, err, sizeof err);
	int rc = CLI_OK;
	if (e == LOTS_OK)
		printf("%s\n", sum);
	else if (e == LOTS_EINFEASIBLE && strstr(err, "nothing to do"))
		fprintf(stderr, "%s: note: %s\n", cmd, err);
	else
		rc = cli_data_error(cmd, "the opt-out is recorded, but not applied to the programme: "
				    "%s", err);
	free(sum);
	return rc != CLI_OK ? rc : fflush(stdout) == 0 ? CLI_OK : cli_data_error(cmd, "write error");
}

int cli_draw_opt_out(int argc, char **argv)
{
	const char *cmd = "draw opt-out";
	struct dopts o = { 0 };
	char err[600];
	int rc = CLI_USAGE, first;
	if ((first = draw_opts_parse(cmd, argc, argv, &o, &rc)) < 0)
		return rc;
	if (first < argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[first]);
	if (!o.db)
		return cli_usage_error(cmd, "opt-outs are kept in the store: --db PATH");
	if (!o.state || !o.choice || !o.date || !o.source)
		return cli_usage_error(cmd, "missing %s", !o.state ? "--state CODE" : !o.choice ?
				       "--choice not_reviewed|not_reviewer|both" : !o.date ?
				       "--date YYYY-MM-DD" : "--source TEXT");
	struct store *s = draw_db_open(cmd, o.db, &rc);
	if (!s)
		return rc;
	char actor[96], by[160];
	cli_actor(actor, sizeof actor);
	snprintf(by, sizeof by, "%s%s%s", actor, o.by ? " for " : "", o.by ? o.by : "");
	if (lots_db_set_opt_out(s, o.state, o.choice, !o.withdraw, o.date, o.source, by, "local",
				err, sizeof err) != LOTS_OK)
		rc = strncmp(err, "--", 2) == 0 ? cli_usage_error(cmd, "%s", err)
						 : cli_data_error(cmd, "%s", err);
	else
		rc = o.withdraw ? CLI_OK : opt_out_apply(cmd, s, &o, actor);
	store_close(s);
	return rc;
}

/* The parameters of the drawing of lots (R38, issue 12): shows every
 * version, or with --set records a new one with its decision. */
int cli_draw_params(int argc, char **argv)
{
	const char *cmd = "draw params";
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "set", no_argument, NULL, 'S' },
		{ "decision", required_argument, NULL, 'c' },
		{ "date", required_argument, NULL, 't' },
		{ "max-reviewers", required_argument, NULL, 'M' },
		{ "redraw-limit", required_argument, NULL, 'R' },
		{ "load-min", required_argument, NULL, 'l' },
		{ "load-max", required_argument, NULL, 'L' },
		{ "cohorts", required_argument, NULL, 'C' },
		{ "literal-28b-search", required_argument, NULL, 'T' },
		{ "by", required_argument, NULL, 'b' },
		{ 0, 0, 0, 0 },
	};
	const char *db = NULL, *decision = NULL, *date = NULL, *by = NULL, *val[6] = { 0 };
	static const char *const names[6] = { "--max-reviewers", "--redraw-limit", "--load-min",
					      "--load-max", "--cohorts", "--literal-28b-search" };
	int set = 0, c, rc = CLI_USAGE;
	char err[600];
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'S': set = 1; break;
		case 'c': decision = optarg; break;
		case 't': date = optarg; break;
		case 'M': val[0] = optarg; break;
		case 'R': val[1] = optarg; break;
		case 'l': val[2] = optarg; break;
		case 'L': val[3] = optarg; break;
		case 'C': val[4] = optarg; break;
		case 'T': val[5] = optarg; break;
		case 'b': by = optarg; break;
		default:
			return cli_usage_error(cmd, "unknown or incomplete option '%s'",
					       argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	if (!db)
		return cli_usage_error(cmd, "parameters are kept in the store: --db PATH");
	if (!set && (decision || date || val[0] || val[1] || val[2] || val[3] || val[4] || val[5]))
		return cli_usage_error(cmd, "new values need --set (and --decision REF --date "
				       "YYYY-MM-DD)");
	if (set && (!decision || !date))
		return cli_usage_error(cmd, "missing %s: a new version needs the decision that sets "
				       "it (R38)", !decision ? "--decision REF" : "--date YYYY-MM-DD");
	struct store *s = draw_db_open(cmd, db, &rc);
	if (!s)
		return rc;
	struct lots_params p;
	if (!set) {
		struct buf out = { 0 };
		if (lots_db_params_list(s, &out) < 0)
			rc = cli_data_error(cmd, "database: %s", store_errmsg(s));
		else {
			fputs(buf_str(&out), stdout);
			rc = CLI_OK;
		}
		buf_free(&out);
		goto out;
	}
	if (lots_db_params_current(s, &p, err, sizeof err) != LOTS_OK) {
		rc = cli_data_error(cmd, "%s", err);
		goto out;
	}
	int *dst[6] = { &p.max_reviewers, &p.redraw_limit, &p.load_min, &p.load_max, &p.cohorts,
			&p.literal_28b_search };
	for (int i = 0; i < 6; i++) {
		long v;
		if (!val[i])
			continue;
		if (util_parse_long(val[i], 0, i == 5 ? 1 : 100, &v) < 0) {
			rc = cli_usage_error(cmd, "%s: '%s' is not a number from 0 to %d", names[i],
					     val[i], i == 5 ? 1 : 100);
			goto out;
		}
		*dst[i] = (int)v;
	}
	util_strlcpy(p.decision, decision, sizeof p.decision);
	util_strlcpy(p.decided_on, date, sizeof p.decided_on);
	char actor[96], who[160];
	cli_actor(actor, sizeof actor);
	snprintf(who, sizeof who, "%s%s%s", actor, by ? " for " : "", by ? by : "");
	if (lots_db_params_record(s, &p, who, "local", err, sizeof err) != LOTS_OK) {
		rc = strncmp(err, "--", 2) == 0 ? cli_usage_error(cmd, "%s", err)
						: cli_data_error(cmd, "%s", err);
		goto out;
	}
	printf("parameters version %d recorded (decision %s of %s)\n", p.version, p.decision,
	       p.decided_on);
	rc = CLI_OK;
out:
	store_close(s);
	return rc;
}
