/* cmd_draw.c - `revmech draw` (issue 3): its help, options and the
 * helpers its subcommands share (cmd_draw_int.h), `draw lots` and `draw
 * verify`, and the dispatch to the others: `draw redraw`
 * (cmd_draw_redraw.c), `draw commit|decision|opt-out|params`
 * (cmd_draw_record.c), the programme over time (cmd_drawev.c). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cmd_draw_int.h"
#include "core/roster.h"
#include "lots/events.h"
#include "lots/lots.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/util.h"


static const char draw_help[] =
	"usage: revmech draw lots   (--roster FILE.csv | --db PATH [--supersede]) --seed HEX\n"
	"                           [--out FILE.json] [--parameters FILE.json (with --roster)]\n"
	"                           [--effort NODES,CONFLICTS (with --roster; tests only)]\n"
	"       revmech draw verify (--roster FILE.csv [--seed HEX] FILE.json | --db PATH)\n"
	"       revmech draw redraw (--roster FILE.csv --draw FILE.json | --db PATH)\n"
	"                           --reviewed CODE --replace CODE --requested-by CODE\n"
	"                           --reason language|legal_system|other|exceptional|unable\n"
	"                           [--note TEXT] [--decision REF] [--out FILE.json] [--json]\n"
	"                           [--consent-by WHO --consent-date YYYY-MM-DD --consent-ref REF]\n"
	"       (with --db, lots, redraw and record take --meeting REF, a meeting recorded\n"
	"       with `draw meeting` (C42), and --by WHO (default: the account): who ran the\n"
	"       event and at which meeting, kept with the event and in the audit log)\n"
	"       revmech draw decision --db PATH --ref REF --date YYYY-MM-DD --title TEXT\n"
	"       revmech draw params --db PATH [--set --decision REF --date YYYY-MM-DD\n"
	"                           [--max-reviewers N] [--redraw-limit N] [--load-min N]\n"
	"                           [--load-max N] [--cohorts N] [--literal-28b-search 0|1]\n"
	"                           [--by WHO]]\n"
	"       revmech draw commit (--roster FILE.csv | --db PATH) --seed HEX\n"
	"       revmech draw record --db PATH --file RESULT.csv --meeting REF [--supersede]\n"
	"                           [--by WHO]\n"
	"       (a draw held by hand at the meeting: columns reviewed, year, reviewer, role,\n"
	"       instruments, as /programme.csv; recorded only if it keeps every rule)\n"
	"       revmech draw opt-out --db PATH --state CODE --choice not_reviewed|not_reviewer|both\n"
	"                           --date YYYY-MM-DD --source TEXT [--withdraw] [--by WHO]\n"
	"                           [--meeting REF (applies it to a stored draw: draw optout)]\n"
	"       (footnote 2 of resolution 9/1: the choice, when, and by what note)\n"
	"       revmech draw meeting|event|join|protocol|open|ops ... (the programme over\n"
	"       time: revmech draw event --help)\n\n"
	"HEX is a 32-byte seed in 64 hex digits.  lots draws the three cohorts and\n"
	"the reviewers (annex paras 17, 28, 29, 52); verify checks every rule and\n"
	"that the document is the draw of its seed, prints one line per violation\n"
	"and exits 2 if there is any; redraw replaces one reviewer (paras 28 d-f,\n"
	"30) with randomness derived from the draw's seed and the request (no seed\n"
	"is given) and prints one line saying what changed (the document with\n"
	"--json, or into --out); an exceptional redraw cites a decision recorded\n"
	"with `draw decision`.  lots --db over a stored draw needs --supersede.\n"
	"lots --db --cohorts-only is a first drawing event that assigns the cohorts\n"
	"only (those the seed draws, C3); each cohort's reviewers are drawn at a later\n"
	"meeting by `draw event --cohort N`.\n"
	"Exit status 1: usage error; 2: bad data, a rule violated, or no draw\n"
	"satisfies the rules (the message names the rule and the State).\n"
	"See docs/draw.md.\n";


/* Parses the options of a subcommand; returns the index of the first
 * operand, or -1 with *rc set. */
int draw_opts_parse(const char *cmd, int argc, char **argv, struct dopts *o, int *rc)
{
	static const struct option opts[] = {
		{ "roster", required_argument, NULL, 'r' },
		{ "db", required_argument, NULL, 'd' },
		{ "seed", required_argument, NULL, 's' },
		{ "out", required_argument, NULL, 'o' },
		{ "draw", required_argument, NULL, 'D' },
		{ "reviewed", required_argument, NULL, 'v' },
		{ "replace", required_argument, NULL, 'x' },
		{ "requested-by", required_argument, NULL, 'q' },
		{ "reason", required_argument, NULL, 'R' },
		{ "note", required_argument, NULL, 'n' },
		{ "decision", required_argument, NULL, 'c' },
		{ "ref", required_argument, NULL, 'f' },
		{ "date", required_argument, NULL, 't' },
		{ "title", required_argument, NULL, 'T' },
		{ "consent-by", required_argument, NULL, 'B' },
		{ "consent-date", required_argument, NULL, 'A' },
		{ "consent-ref", required_argument, NULL, 'F' },
		{ "by", required_argument, NULL, 'b' },
		{ "meeting", required_argument, NULL, 'm' },
		{ "supersede", no_argument, NULL, 'S' },
		{ "file", required_argument, NULL, 'L' },
		{ "state", required_argument, NULL, 'C' },
		{ "choice", required_argument, NULL, 'H' },
		{ "source", required_argument, NULL, 'U' },
		{ "withdraw", no_argument, NULL, 'W' },
		{ "cohorts-only", no_argument, NULL, 'O' },
		{ "parameters", required_argument, NULL, 'P' },
		{ "effort", required_argument, NULL, 'E' },
		{ "json", no_argument, NULL, 'J' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 },
	};
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'r': o->roster = optarg; break;
		case 'd': o->db = optarg; break;
		case 's': o->seed = optarg; break;
		case 'o': o->out = optarg; break;
		case 'D': o->draw = optarg; break;
		case 'v': o->reviewed = optarg; break;
		case 'x': o->replace = optarg; break;
		case 'q': o->requested_by = optarg; break;
		case 'R': o->reason = optarg; break;
		case 'n': o->note = optarg; break;
		case 'c': o->decision = optarg; break;
		case 'f': o->ref = optarg; break;
		case 't': o->date = optarg; break;
		case 'T': o->title = optarg; break;
		case 'B': o->consent_by = optarg; break;
		case 'A': o->consent_date = optarg; break;
		case 'F': o->consent_ref = optarg; break;
		case 'b': o->by = optarg; break;
		case 'm': o->meeting = optarg; break;
		case 'S': o->supersede = 1; break;
		case 'L': o->file = optarg; break;
		case 'C': o->state = optarg; break;
		case 'H': o->choice = optarg; break;
		case 'U': o->source = optarg; break;
		case 'W': o->withdraw = 1; break;
		case 'O': o->cohorts_only = 1; break;
		case 'P': o->params = optarg; break;
		case 'E': o->effort = optarg; break;
		case 'J': o->json = 1; break;
		case 'h': fputs(draw_help, stdout); *rc = CLI_OK; return -1;
		default: *rc = cli_bad_option(cmd, argv, optind, optopt); return -1;
		}
	}
	if (o->roster && o->db) {
		*rc = cli_usage_error(cmd, "--roster and --db exclude each other");
		return -1;
	}
	if (!o->roster && !o->db) {
		*rc = cli_usage_error(cmd, "missing --roster FILE.csv or --db PATH");
		return -1;
	}
	if (o->seed) {
		if (lots_seed_parse(o->seed, o->seedb) < 0) {
			*rc = cli_usage_error(cmd, "--seed: '%s' is not 64 hex digits", o->seed);
			return -1;
		}
		o->have_seed = 1;
	}
	return optind;
}

/* Reads and parses a roster file; *sha gets its canonical hash. */
int draw_roster_load(const char *cmd, const char *path, struct roster *r, char sha[65])
{
	char err[600], *data = NULL;
	size_t len = 0;
	if (util_read_file(path, MAX_FILE, &data, &len, err, sizeof err) < 0)
		return cli_data_error(cmd, "--roster: %s", err);
	int rc = roster_parse_csv(data, len, r, err, sizeof err);
	free(data);
	if (rc < 0)
		return cli_data_error(cmd, "%s: %s", path, err);
	/* The canonical hash: a roster re-saved with another row order or
	 * line ends still verifies. */
	lots_roster_hash(r, sha);
	return CLI_OK;
}

/* Never print an invalid draw: the independent verifier checks every
 * document before it leaves (R68). */
int draw_check_output(const char *cmd, const struct roster *r, const char *sha,
			       const char *json)
{
	struct buf rep = { 0 };
	int n = lots_verify_json(r, sha, NULL, json, &rep);
	int rc = CLI_OK;
	if (n != 0)
		rc = cli_data_error(cmd, "internal error, the draw breaks a rule; nothing written:\n%s",
				    buf_str(&rep));
	buf_free(&rep);
	return rc;
}

int draw_write_out(const char *cmd, const char *path, const char *json)
{
	size_t n = strlen(json);
	if (!path) {
		int bad = fwrite(json, 1, n, stdout) != n;
		bad |= fflush(stdout) != 0;
		return bad ? cli_data_error(cmd, "write error") : CLI_OK;
	}
	/* Written beside the target and renamed over it, so that a failure
	 * never leaves a truncated document in place of a previous one. */
	char tmp[4096];
	if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp-%ld", path, (long)getpid()) >= sizeof tmp)
		return cli_usage_error(cmd, "--out: path too long");
	FILE *f = fopen(tmp, "w");
	if (!f)
		return cli_data_error(cmd, "--out: cannot write %s: %s", tmp, strerror(errno));
	int bad = fwrite(json, 1, n, f) != n;
	bad |= fflush(f) != 0 || fsync(fileno(f)) != 0;
	bad |= fclose(f) != 0;
	if (bad || rename(tmp, path) < 0) {
		int e = errno;
		unlink(tmp);
		return cli_data_error(cmd, "--out: cannot write %s: %s", path, strerror(e));
	}
	return CLI_OK;
}

static void print_exclusions(const struct roster *r)
{
	struct buf b = { 0 };
	lots_exclusions(r, &b);
	const char *p = buf_str(&b);
	while (*p) {
		const char *nl = strchr(p, '\n');
		int len = nl ? (int)(nl - p) : (int)strlen(p);
		fprintf(stderr, "revmech draw: note: left out of the draw or the reviewer pool: %.*s\n",
			len, p);
		p += len + (nl ? 1 : 0);
	}
	buf_free(&b);
}

struct store *draw_db_open(const char *cmd, const char *path, int *rc)
{
	char err[600];
	struct store *s = store_open(path, 0, err, sizeof err);
	if (!s) {
		*rc = cli_data_error(cmd, "--db: %s", err);
		return NULL;
	}
	if (store_schema_version(s) < store_latest_version()) {
		store_close(s);
		*rc = cli_data_error(cmd, "--db: %s needs `revmech migrate`", path);
		return NULL;
	}
	return s;
}

/* A draw, redraw or record in the store names the recorded meeting at
 * which it is held (R237, C42); checked again by lots/ with the store. */
int draw_need_meeting(const char *cmd, const struct dopts *o)
{
	if (o->meeting && *o->meeting)
		return CLI_OK;
	return cli_usage_error(cmd, "missing --meeting REF: every draw and redraw is held at a "
			       "recorded meeting (C42; revmech draw meeting --db PATH --ref REF "
			       "--date YYYY-MM-DD --title TEXT)");
}

static int draw_lots(int argc, char **argv)
{
	const char *cmd = "draw lots";
	struct dopts o = { 0 };
	struct roster r = { 0 };
	struct lots_draw d = { 0 };
	char sha[65], err[1024], *json = NULL;
	int rc = CLI_USAGE, first;

	if ((first = draw_opts_parse(cmd, argc, argv, &o, &rc)) < 0)
		return rc;
	if (first < argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[first]);
	if (!o.have_seed)
		return cli_usage_error(cmd, "missing --seed HEX (64 hex digits)");
	if (o.supersede && !o.db)
		return cli_usage_error(cmd, "--supersede: only with --db (it replaces the stored draw)");
	if (o.cohorts_only && !o.db)
		return cli_usage_error(cmd, "--cohorts-only: only with --db (the reviewers are drawn "
				       "later by `draw event --cohort N`, C3)");
	if (o.db && o.params)
		return cli_usage_error(cmd, "--parameters: only with --roster (with --db the draw "
				       "takes the version in force, `draw params`)");
	if (o.db && o.effort)
		return cli_usage_error(cmd, "--effort: NODES,CONFLICTS (two numbers of at least 1, "
				       "with --roster)");
	if (o.db) {
		if ((rc = draw_need_meeting(cmd, &o)) != CLI_OK)
			return rc;
		struct store *s = draw_db_open(cmd, o.db, &rc);
		if (!s)
			return rc;
		int64_t id = 0;
		char actor[96];
		cli_actor(actor, sizeof actor);
		struct lots_event_meta meta = { .run_by = o.by, .meeting = o.meeting, .actor = actor,
						.ip = "local", .supersede = o.supersede,
						.cohorts_only = o.cohorts_only };
		if (lots_db_draw_meta(s, o.seedb, &meta, &json, &id, err, sizeof err) != LOTS_OK)
			rc = cli_data_error(cmd, "%s", err);
		else
			rc = draw_write_out(cmd, o.out, json);
		store_close(s);
		free(json);
		return rc;
	}
	/* --parameters FILE (a JSON object of the parameters, or a drawing
	 * document): draw under that version (R38), as contrib/revmech_draw.py
	 * does; without it, version 1, the annex's. */
	struct lots_params prm;
	lots_params_default(&prm);
	if (o.params) {
		char *pj = NULL;
		size_t plen = 0;
		if (util_read_file(o.params, MAX_FILE, &pj, &plen, err, sizeof err) < 0)
			return cli_data_error(cmd, "--parameters: %s", err);
		int prc = lots_params_from_json(pj, &prm, err, sizeof err);
		free(pj);
		if (prc != LOTS_OK)
			return cli_data_error(cmd, "%s", err);
	}
	/* --effort NODES,CONFLICTS (docs/draw.md "A lowered effort"): the
	 * fallback's budgets lowered so that its refusals can be compared
	 * with contrib/revmech_draw.py quickly.  A draw found under it need
	 * not be the seed's draw, so it is never written. */
	struct lots_effort eff = { 0 }, *effp = NULL;
	if (o.effort) {
		char nb[24] = "", *comma = strchr(o.effort, ',');
		long nodes = 0, conflicts = 0;
		if (!comma || (size_t)(comma - o.effort) >= sizeof nb)
			return cli_usage_error(cmd, "--effort: NODES,CONFLICTS (two numbers of at least "
					       "1, with --roster)");
		memcpy(nb, o.effort, (size_t)(comma - o.effort));
		if (util_parse_long(nb, 1, 100000000L, &nodes) < 0 ||
		    util_parse_long(comma + 1, 1, 100000000L, &conflicts) < 0)
			return cli_usage_error(cmd, "--effort: '%s' is not NODES,CONFLICTS (two "
					       "numbers of at least 1)", o.effort);
		eff.exact_nodes = nodes;
		eff.exact_conflicts = conflicts;
		effp = &eff;
	}
	if ((rc = draw_roster_load(cmd, o.roster, &r, sha)) != CLI_OK)
		return rc;
	print_exclusions(&r);
	if (lots_draw_make_params(&r, sha, o.seedb, &prm, effp, &d, err, sizeof err) != LOTS_OK) {
		rc = cli_data_error(cmd, "%s", err);
		goto out;
	}
	if (effp) {
		rc = cli_data_error(cmd, "--effort: a draw was found under a lowered effort; it need "
				    "not be the draw of this seed, so it is not written");
		goto out;
	}
	json = lots_draw_to_json(&d, &r);
	rc = draw_check_output(cmd, &r, sha, json);
	if (rc == CLI_OK)
		rc = draw_write_out(cmd, o.out, json);
out:
	free(json);
	lots_draw_free(&d);
	roster_free(&r);
	return rc;
}

static int report(const char *cmd, int n, struct buf *rep)
{
	if (n < 0) {
		int rc = cli_data_error(cmd, "%s", buf_str(rep));
		buf_free(rep);
		return rc;
	}
	fputs(buf_str(rep), stdout);
	if (n == 0 && strstr(buf_str(rep), "note: drawn by hand"))
		printf("ok: the draw satisfies every rule\n");
	else if (n == 0)
		printf("ok: the draw satisfies every rule and is the draw of its seed\n");
	buf_free(rep);
	/* A violation is bad data (2); 1 is kept for usage errors. */
	return n ? CLI_DATA : CLI_OK;
}

static int draw_verify(int argc, char **argv)
{
	const char *cmd = "draw verify";
	struct dopts o = { 0 };
	struct roster r = { 0 };
	struct buf rep = { 0 };
	char sha[65], err[1024], *json = NULL;
	size_t len;
	int rc = CLI_USAGE, first, hist = 0;

	if ((first = draw_opts_parse(cmd, argc, argv, &o, &rc)) < 0)
		return rc;
	if (o.db) {
		if (first < argc)
			return cli_usage_error(cmd, "unexpected argument '%s' (--db verifies the "
					       "stored draw)", argv[first]);
		struct store *s = draw_db_open(cmd, o.db, &rc);
		if (!s)
			return rc;
		int64_t id;
		if (lots_db_load_current(s, &id, &r, sha, &json, err, sizeof err) != LOTS_OK) {
			rc = cli_data_error(cmd, "%s", err);
			store_close(s);
			goto out;
		}
		/* The document against the stored event log (rollback, edits). */
		hist = lots_db_check_history(s, &rep);
		/* And every drawing event since the draw (events.c). */
		int ops = lots_ops_check(s, &rep);
		hist += ops < 0 ? 1 : ops;
		/* And the order of the operations at each meeting (events_order.c). */
		int rq = lots_requests_check(s, &rep);
		hist += rq < 0 ? 1 : rq;
		/* Where its seed came from: the ceremony against the store (R51). */
		int cer = lots_db_ceremony_check(s, &rep);
		hist += cer < 0 ? 1 : cer;
		/* Its parameters against the stored versions (R38). */
		int np = lots_db_params_check(s, json, &rep);
		if (hist >= 0)
			hist = np < 0 ? np : hist + np;
		store_close(s);
	} else {
		if (first >= argc)
			return cli_usage_error(cmd, "missing FILE.json (the draw document)");
		if (first + 1 < argc)
			return cli_usage_error(cmd, "unexpected argument '%s'", argv[first + 1]);
		if ((rc = draw_roster_load(cmd, o.roster, &r, sha)) != CLI_OK)
			return rc;
		if (util_read_file(argv[first], MAX_FILE, &json, &len, err, sizeof err) < 0) {
			rc = cli_data_error(cmd, "%s", err);
			goto out;
		}
	}
	if (!o.have_seed) {
		/* Without --seed, the document's own seed is re-derived. */
		struct lots_draw tmp;
		if (lots_draw_from_json(json, &r, &tmp, err, sizeof err) == LOTS_OK) {
			memcpy(o.seedb, tmp.seed, 32);
			o.have_seed = 1;
			lots_draw_free(&tmp);
		}
	}
	int n = lots_verify_json(&r, sha, o.have_seed ? o.seedb : NULL, json, &rep);
	rc = report(cmd, n < 0 ? n : n + (hist > 0 ? hist : 0), &rep);
out:
	free(json);
	roster_free(&r);
	return rc;
}

int cli_draw(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error("draw", "missing subcommand (lots, verify, redraw, decision, commit, record, opt-out or params)");
	if (!strcmp(argv[1], "lots"))
		return draw_lots(argc - 1, argv + 1);
	if (!strcmp(argv[1], "verify"))
		return draw_verify(argc - 1, argv + 1);
	if (!strcmp(argv[1], "redraw"))
		return cli_draw_redraw(argc - 1, argv + 1);
	if (!strcmp(argv[1], "decision"))
		return cli_draw_decision(argc - 1, argv + 1);
	if (!strcmp(argv[1], "commit"))
		return cli_draw_commit(argc - 1, argv + 1);
	if (!strcmp(argv[1], "opt-out"))
		return cli_draw_opt_out(argc - 1, argv + 1);
	/* meeting, event, join, protocol, open, ops, record, request, close,
	 * apply, requests */
	if (cli_draw_ev_known(argv[1]))
		return cli_draw_ev(argc - 1, argv + 1);
	if (!strcmp(argv[1], "params"))
		return cli_draw_params(argc - 1, argv + 1);
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(draw_help, stdout);
		return CLI_OK;
	}
	return cli_usage_error("draw", "unknown subcommand '%s' (lots, verify, redraw, decision, commit, record, opt-out or params)", argv[1]);
}
