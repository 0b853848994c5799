/* cmd_drawev.c - `revmech draw meeting|event|join|protocol|open|ops`: the
 * drawing of lots over the life of a programme (issue 12; C3, C5, C11,
 * C42, R60, R68, R237), over lots/events.h.  Exit status 1 usage, 2 data,
 * as the other draw commands. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "lots/events.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/util.h"

static const char ev_help[] =
	"usage: revmech draw meeting  --db PATH --ref REF --date YYYY-MM-DD --title TEXT\n"
	"       revmech draw event    --db PATH --meeting REF [--cohort N] [--by WHO]\n"
	"       revmech draw join     --db PATH --meeting REF --state CODE\n"
	"                             [--cohort N --decision REF] [--by WHO]\n"
	"       revmech draw protocol --db PATH --meeting REF --state CODE\n"
	"                             --instrument tip|som|firearms [--by WHO]\n"
	"                             [--consent-by WHO --consent-date YYYY-MM-DD --consent-ref REF]\n"
	"       revmech draw optout   --db PATH --meeting REF --state CODE [--by WHO]\n"
	"       revmech draw open     --db PATH\n"
	"       revmech draw ops      --db PATH [--json]\n"
	"       revmech draw request  --db PATH --meeting REF\n"
	"                             --kind redraw|join|protocol|event|optout\n"
	"                             (redraw: --reviewed CODE --replace CODE --requested-by CODE\n"
	"                             --reason R [--note TEXT] [--decision REF]; others: as above)\n"
	"       revmech draw close    --db PATH --meeting REF --entropy-name TEXT [--by WHO]\n"
	"       revmech draw apply    --db PATH --meeting REF --entropy VALUE [--by WHO]\n"
	"       revmech draw requests --db PATH --meeting REF\n"
	"       revmech draw record   --db PATH --file RESULT.csv --meeting REF [--supersede]\n"
	"                             [--by WHO]   (a draw held by hand, C45)\n\n"
	"The programme after its drawing of lots (docs/draw.md, \"Over the life of a\n"
	"programme\").  meeting records a meeting (C42); every other change is held at a\n"
	"recorded one.  join places a party that joined after the draw in the earliest\n"
	"cohort not yet started (or, with a recorded decision, in cohort N) and draws\n"
	"its reviewers (C5); protocol gives a reviewed State that became party to a\n"
	"Protocol its reviewers for it (para 28 b), within four reviewers unless the\n"
	"State consents (para 28 c); event is the drawing event of cohort N (or of\n"
	"every cohort): it draws every slot still open there.  A slot no State can\n"
	"take is carried to a later meeting, with the reason (R60, R68).  No seed is\n"
	"given: each draw is derived from the draw's seed and the request.  open lists\n"
	"what is still to be drawn; ops lists the changes made (their documents with\n"
	"--json).  `draw verify --db` replays them all.\n"
	"The order of a meeting's operations is drawn, not chosen: request lodges one\n"
	"for the meeting, close publishes the hash of the list and names a public\n"
	"entropy known only later, apply enters its value and applies every request\n"
	"in the order that value draws (docs/draw.md); a meeting with requests runs\n"
	"nothing directly.\n"
	"optout applies to the programme an opt-out recorded after the draw (draw\n"
	"opt-out, C34): the State's review is withdrawn (not_reviewed) and its reviewer\n"
	"slots are redrawn from the seed (not_reviewer), or carried when none can take\n"
	"them.  A join also moves to the late party one reviewer slot of a State that\n"
	"keeps its minimum (R62, para 29), or records why it cannot.\n"
	"Exit status 1: usage error; 2: bad data, or nothing could be drawn.\n";

int cli_draw_ev_known(const char *sub)
{
	static const char *const subs[] = { "meeting", "event", "join", "protocol", "open", "ops",
					    "request", "close", "apply", "requests", "record",
					    "optout" };
	for (size_t i = 0; i < sizeof subs / sizeof *subs; i++)
		if (!strcmp(sub, subs[i]))
			return 1;
	return 0;
}

struct evopts {
	const char *db, *ref, *date, *title, *meeting, *state, *instrument, *decision, *by,
		*consent_by, *consent_date, *consent_ref, *kind, *reviewed, *replace,
		*requested_by, *reason, *note, *entropy_name, *entropy, *file;
	int cohort, json, supersede;
};

static int parse(const char *cmd, int argc, char **argv, struct evopts *o, int *rc)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "ref", required_argument, NULL, 'f' },
		{ "date", required_argument, NULL, 't' },
		{ "title", required_argument, NULL, 'T' },
		{ "meeting", required_argument, NULL, 'm' },
		{ "state", required_argument, NULL, 's' },
		{ "instrument", required_argument, NULL, 'i' },
		{ "decision", required_argument, NULL, 'c' },
		{ "cohort", required_argument, NULL, 'C' },
		{ "by", required_argument, NULL, 'b' },
		{ "consent-by", required_argument, NULL, 'B' },
		{ "consent-date", required_argument, NULL, 'A' },
		{ "consent-ref", required_argument, NULL, 'F' },
		{ "json", no_argument, NULL, 'j' },
		{ "kind", required_argument, NULL, 'k' },
		{ "reviewed", required_argument, NULL, 'v' },
		{ "replace", required_argument, NULL, 'x' },
		{ "requested-by", required_argument, NULL, 'q' },
		{ "reason", required_argument, NULL, 'R' },
		{ "note", required_argument, NULL, 'n' },
		{ "entropy-name", required_argument, NULL, 'E' },
		{ "entropy", required_argument, NULL, 'e' },
		{ "file", required_argument, NULL, 'L' },
		{ "supersede", no_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 },
	};
	int c;
	long v;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'd': o->db = optarg; break;
		case 'f': o->ref = optarg; break;
		case 't': o->date = optarg; break;
		case 'T': o->title = optarg; break;
		case 'm': o->meeting = optarg; break;
		case 's': o->state = optarg; break;
		case 'i': o->instrument = optarg; break;
		case 'c': o->decision = optarg; break;
		case 'b': o->by = optarg; break;
		case 'B': o->consent_by = optarg; break;
		case 'A': o->consent_date = optarg; break;
		case 'F': o->consent_ref = optarg; break;
		case 'j': o->json = 1; break;
		case 'k': o->kind = optarg; break;
		case 'v': o->reviewed = optarg; break;
		case 'x': o->replace = optarg; break;
		case 'q': o->requested_by = optarg; break;
		case 'R': o->reason = optarg; break;
		case 'n': o->note = optarg; break;
		case 'E': o->entropy_name = optarg; break;
		case 'e': o->entropy = optarg; break;
		case 'L': o->file = optarg; break;
		case 'S': o->supersede = 1; break;
		case 'C':
			if (util_parse_long(optarg, 1, 3, &v) < 0) {
				*rc = cli_usage_error(cmd, "--cohort: '%s' is not 1, 2 or 3", optarg);
				return -1;
			}
			o->cohort = (int)v;
			break;
		case 'h':
			fputs(ev_help, stdout);
			*rc = CLI_OK;
			return -1;
		case ':':
			*rc = cli_usage_error(cmd, "%s needs a value", argv[optind - 1]);
			return -1;
		default:
			*rc = cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
			return -1;
		}
	}
	if (optind < argc) {
		*rc = cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
		return -1;
	}
	if (!o->db) {
		*rc = cli_usage_error(cmd, "the programme is kept in the store: --db PATH");
		return -1;
	}
	return 0;
}

static struct store *open_db(const char *cmd, const char *path, int *rc)
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

/* draw record: a draw held by hand and recorded (C45), checked against
 * every rule, at a recorded meeting (R237, C42). */
static int ev_record(const char *cmd, const struct evopts *o)
{
	char err[4096], actor[96], *data = NULL, *json = NULL;
	size_t len = 0;
	int rc = CLI_USAGE;
	if (!o->file)
		return cli_usage_error(cmd, "missing --file RESULT.csv");
	if (!o->meeting || !*o->meeting)
		return cli_usage_error(cmd, "missing --meeting REF: every draw and redraw is held at a "
				       "recorded meeting (C42; revmech draw meeting --db PATH --ref REF "
				       "--date YYYY-MM-DD --title TEXT)");
	if (util_read_file(o->file, 64u << 20, &data, &len, err, sizeof err) < 0)
		return cli_data_error(cmd, "--file: %s", err);
	struct store *s = open_db(cmd, o->db, &rc);
	if (!s) {
		free(data);
		return rc;
	}
	cli_actor(actor, sizeof actor);
	struct lots_event_meta meta = { .run_by = o->by, .meeting = o->meeting, .actor = actor,
					.ip = "local", .supersede = o->supersede };
	int64_t id = 0;
	int e = lots_db_record_manual(s, data, len, &meta, &json, &id, err, sizeof err);
	store_close(s);
	if (e == LOTS_OK) {
		printf("recorded draw %lld (held by hand; every rule checked)\n", (long long)id);
		rc = fflush(stdout) == 0 ? CLI_OK : cli_data_error(cmd, "write error");
	} else {
		rc = cli_data_error(cmd, "%s", err);
	}
	free(json);
	free(data);
	return rc;
}

static int data_or_usage(const char *cmd, const char *err)
{
	return strncmp(err, "--", 2) == 0 ? cli_usage_error(cmd, "%s", err) :
	       cli_data_error(cmd, "%s", err);
}

/* draw request|close|apply|requests: the order of a meeting's operations
 * (lots/events_order.c). */
static int ev_requests(const char *cmd, const char *sub, const struct evopts *o)
{
	char err[4096], actor[96];
	int rc = CLI_USAGE;
	if (!o->meeting)
		return cli_usage_error(cmd, "missing --meeting REF");
	if (!strcmp(sub, "request") && !o->kind)
		return cli_usage_error(cmd, "missing --kind redraw|join|protocol|event|optout");
	if (!strcmp(sub, "close") && !o->entropy_name)
		return cli_usage_error(cmd, "missing --entropy-name TEXT (a public value published "
				       "after the list is closed, e.g. a lottery result)");
	if (!strcmp(sub, "apply") && !o->entropy)
		return cli_usage_error(cmd, "missing --entropy VALUE (the value of the public "
				       "entropy named when the list was closed)");
	struct store *s = open_db(cmd, o->db, &rc);
	if (!s)
		return rc;
	cli_actor(actor, sizeof actor);
	const char *by = o->by ? o->by : actor;
	struct buf b = { 0 };
	if (!strcmp(sub, "request")) {
		struct lots_op_req q = { .kind = o->kind, .meeting = o->meeting, .cohort = o->cohort,
					 .state = o->state, .instrument = o->instrument,
					 .decision = o->decision, .consent_by = o->consent_by,
					 .consent_date = o->consent_date,
					 .consent_ref = o->consent_ref, .run_by = by, .actor = actor,
					 .ip = "local" };
		struct lots_redraw_req rd = {
			.reviewed = o->reviewed, .replace = o->replace, .requested_by = o->requested_by,
			.reason = lots_reason_parse(o->reason ? o->reason : ""), .note = o->note,
			.decision = o->decision, .consent_by = o->consent_by,
			.consent_date = o->consent_date, .consent_ref = o->consent_ref,
		};
		int seq = 0;
		if (lots_request_lodge(s, &q, &rd, &seq, err, sizeof err) == LOTS_OK) {
			printf("request %d lodged for meeting %s\n", seq, o->meeting);
			rc = CLI_OK;
		} else {
			rc = data_or_usage(cmd, err);
		}
	} else if (!strcmp(sub, "close")) {
		char h[65];
		if (lots_requests_close(s, o->meeting, o->entropy_name, by, "local", h, err,
					sizeof err) == LOTS_OK) {
			printf("requests of %s closed: list %s; ordered by %s\n", o->meeting, h,
			       o->entropy_name);
			rc = CLI_OK;
		} else {
			rc = data_or_usage(cmd, err);
		}
	} else if (!strcmp(sub, "apply")) {
		int e = lots_requests_apply(s, o->meeting, o->entropy, by, "local", &b, err,
					    sizeof err);
		fputs(buf_str(&b), stdout);
		rc = e == LOTS_OK ? CLI_OK : data_or_usage(cmd, err);
	} else {
		if (lots_requests_list(s, o->meeting, &b) < 0) {
			rc = cli_data_error(cmd, "database: %s", store_errmsg(s));
		} else {
			fputs(buf_str(&b), stdout);
			rc = CLI_OK;
		}
	}
	buf_free(&b);
	if (rc == CLI_OK && fflush(stdout) != 0)
		rc = cli_data_error(cmd, "write error");
	store_close(s);
	return rc;
}

int cli_draw_ev(int argc, char **argv)
{
	char cmd[32], err[4096], actor[96];
	struct evopts o = { 0 };
	int rc = CLI_USAGE;
	snprintf(cmd, sizeof cmd, "draw %s", argv[0]);
	if (parse(cmd, argc, argv, &o, &rc) < 0)
		return rc;
	const char *sub = argv[0];
	if (!strcmp(sub, "meeting") && (!o.ref || !o.date || !o.title))
		return cli_usage_error(cmd, "missing %s", !o.ref ? "--ref REF" : !o.date ?
				       "--date YYYY-MM-DD" : "--title TEXT");
	if (!strcmp(sub, "record"))
		return ev_record(cmd, &o);
	if (!strcmp(sub, "request") || !strcmp(sub, "close") || !strcmp(sub, "apply") ||
	    !strcmp(sub, "requests"))
		return ev_requests(cmd, sub, &o);
	int change = strcmp(sub, "open") && strcmp(sub, "ops") && strcmp(sub, "meeting");
	if (change && !o.meeting)
		return cli_usage_error(cmd, "missing --meeting REF (the recorded meeting at which "
				       "it is held, C42)");
	if (!strcmp(sub, "event") && (o.state || o.instrument || o.decision))
		return cli_usage_error(cmd, "%s: an event draws what is open in a cohort (--cohort N) "
				       "or in all", o.state ? "--state" : o.instrument ? "--instrument" :
				       "--decision");
	if ((!strcmp(sub, "join") || !strcmp(sub, "protocol") || !strcmp(sub, "optout")) &&
	    !o.state)
		return cli_usage_error(cmd, "missing --state CODE");
	if (!strcmp(sub, "protocol") && !o.instrument)
		return cli_usage_error(cmd, "missing --instrument tip|som|firearms");
	if (!strcmp(sub, "optout") && (o.cohort || o.instrument || o.decision))
		return cli_usage_error(cmd, "%s: not with optout (it applies the State's recorded "
				       "opt-out)", o.cohort ? "--cohort" : o.instrument ? "--instrument" :
				       "--decision");
	if (!strcmp(sub, "protocol") && o.cohort)
		return cli_usage_error(cmd, "--cohort: not with protocol (the State's review keeps "
				       "its cohort)");
	if (!strcmp(sub, "join") && o.cohort && !o.decision)
		return cli_usage_error(cmd, "--cohort: a chosen cohort needs --decision REF, the "
				       "Conference's recorded decision (C5)");
	struct store *s = open_db(cmd, o.db, &rc);
	if (!s)
		return rc;
	cli_actor(actor, sizeof actor);
	if (!strcmp(sub, "meeting")) {
		rc = lots_meeting_add(s, o.ref, o.date, o.title, actor, "local", err, sizeof err) ==
		     LOTS_OK ? CLI_OK : cli_usage_error(cmd, "%s", err);
	} else if (!strcmp(sub, "open")) {
		struct buf b = { 0 };
		int n = lots_ops_open(s, &b);
		if (n < 0) {
			rc = cli_data_error(cmd, "no drawing of lots is stored in the database yet");
		} else {
			fputs(buf_str(&b), stdout);
			if (!n)
				printf("nothing open: every review has its reviewers\n");
			rc = fflush(stdout) == 0 ? CLI_OK : cli_data_error(cmd, "write error");
		}
		buf_free(&b);
	} else if (!strcmp(sub, "ops")) {
		struct lots_op_info *v = NULL;
		size_t n = 0;
		if (lots_ops_list(s, 0, &v, &n) < 0) {
			rc = cli_data_error(cmd, "database: %s", store_errmsg(s));
		} else {
			for (size_t i = 0; i < n; i++)
				printf("%s\n", o.json ? v[i].document : v[i].summary);
			rc = fflush(stdout) == 0 ? CLI_OK : cli_data_error(cmd, "write error");
		}
		lots_ops_list_free(v, n);
	} else {
		struct lots_op_req q = { .kind = sub, .meeting = o.meeting, .cohort = o.cohort,
					 .state = o.state, .instrument = o.instrument,
					 .decision = o.decision, .consent_by = o.consent_by,
					 .consent_date = o.consent_date, .consent_ref = o.consent_ref,
					 .run_by = o.by ? o.by : actor, .actor = actor, .ip = "local" };
		char *sum = NULL;
		int e = lots_op_run(s, &q, &sum, NULL, err, sizeof err);
		if (e == LOTS_OK) {
			printf("%s\n", sum);
			rc = fflush(stdout) == 0 ? CLI_OK : cli_data_error(cmd, "write error");
		} else if (strncmp(err, "--", 2) == 0) {
			rc = cli_usage_error(cmd, "%s", err);
		} else {
			rc = cli_data_error(cmd, "%s", err);
		}
		free(sum);
	}
	store_close(s);
	return rc;
}
