/* test_lots_events_cli.c - `revmech draw meeting|event|join|protocol|open|
 * ops` from the outside (issue 12; C5, C42, R60, R237): usage errors exit
 * 1 naming the option, data errors 2; a late party joins at a recorded
 * meeting, printed in one line, audited with the operator; `draw verify
 * --db` replays the history and exits 2 once a stored op is edited.
 * SQLite only (it edits the file behind the binary's back). */
#include "testutil.h"

#include <sys/wait.h>

#include "store/store.h"
#include "util/buf.h"

#define BIN RM_SRCDIR "/build/san/revmech"

struct result {
	int status;
	struct buf out, err;
};

static void slurp(const char *path, struct buf *b)
{
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(b, chunk, n);
	fclose(f);
}

static void run(struct result *r, const char *dir, const char *args)
{
	char cmd[4096], o[600], e[600];
	snprintf(o, sizeof o, "%s/stdout", dir);
	snprintf(e, sizeof e, "%s/stderr", dir);
	snprintf(cmd, sizeof cmd, "cd '%s' && REVMECH_DATA='%s/data' '%s' %s >'%s' 2>'%s' </dev/null",
		 dir, RM_SRCDIR, BIN, args, o, e);
	int st = system(cmd);
	assert_true(WIFEXITED(st));
	memset(r, 0, sizeof *r);
	r->status = WEXITSTATUS(st);
	slurp(o, &r->out);
	slurp(e, &r->err);
}

/* Runs args and checks the exit status and that want is in its output
 * (stdout or stderr). */
static void expect(const char *dir, const char *args, int status, const char *want)
{
	struct result r;
	run(&r, dir, args);
	if (r.status != status || (want && !strstr(buf_str(&r.out), want) &&
				   !strstr(buf_str(&r.err), want)))
		fail_msg("%s: exit %d (want %d), out: %s err: %s (want '%s')", args, r.status, status,
			 buf_str(&r.out), buf_str(&r.err), want ? want : "");
	buf_free(&r.out);
	buf_free(&r.err);
}

static void test_draw_events_cli(void **state)
{
	(void)state;
	char *dir = tu_tmpdir();
	if (tu_pg()) {   /* the file is edited below: SQLite only */
		tu_rmdir(dir);
		skip();
	}
	expect(dir, "draw event --help", 0, "revmech draw join");
	expect(dir, "draw event", 1, "--db PATH");
	expect(dir, "init --db x.db", 0, NULL);
	/* Every draw is held at a recorded meeting (R237, C42). */
	expect(dir, "draw lots --db x.db --seed "
	       "00000000000000000000000000000000000000000000000000000000000000ab", 1, "--meeting");
	expect(dir, "draw lots --db x.db --meeting DRAW/1 --seed "
	       "00000000000000000000000000000000000000000000000000000000000000ab", 2,
	       "no meeting 'DRAW/1' is recorded");
	expect(dir, "draw meeting --db x.db --ref DRAW/1 --date 2027-01-20 --title 'Joint "
	       "intersessional meeting'", 0, NULL);
	expect(dir, "draw lots --db x.db --meeting DRAW/1 --seed "
	       "00000000000000000000000000000000000000000000000000000000000000ab", 0, NULL);
	/* Usage errors name the option: exit 1. */
	expect(dir, "draw join --db x.db --state PNG", 1, "--meeting");
	expect(dir, "draw join --db x.db --meeting M --state PNG --cohort 2", 1, "--decision");
	expect(dir, "draw join --db x.db --meeting M --state PNG --cohort 7", 1, "--cohort");
	expect(dir, "draw protocol --db x.db --meeting M --state FRA", 1, "--instrument");
	expect(dir, "draw event --db x.db --meeting M --state FRA", 1, "--state");
	expect(dir, "draw meeting --db x.db --ref M --date 1-6-2027 --title T", 1, "--date");
	expect(dir, "draw join --db x.db --meeting M --state PNG", 1, "no meeting 'M' is recorded");
	expect(dir, "draw meeting --db x.db --ref M --date 2027-06-01 --title 'Joint meeting'", 0,
	       NULL);
	/* PNG is not a party yet: it is not to be reviewed (bad data, but the
	 * message names the option: usage). */
	expect(dir, "draw join --db x.db --meeting M --state PNG", 1, "not to be reviewed");
	expect(dir, "roster export --db x.db > r.csv && sed -i "
	       "'s/^PNG,Papua New Guinea,ASIA_PACIFIC,0,/PNG,Papua New Guinea,ASIA_PACIFIC,1,/' r.csv "
	       "&& '" BIN "' roster import --db x.db r.csv", 0, NULL);
	expect(dir, "draw join --db x.db --meeting M --state PNG --by 'Secretariat officer'", 0,
	       "op 1 (join at M): PNG placed in cohort ");
	/* Nothing left to draw: exit 2, nothing stored. */
	expect(dir, "draw event --db x.db --meeting M", 2, "nothing to draw");
	/* PNG was given a review to do by its join (R62): nothing open. */
	expect(dir, "draw open --db x.db", 0, "nothing open");
	expect(dir, "draw ops --db x.db", 0, "PNG takes the");
	/* C34 over the CLI: an opt-out recorded after the draw is applied. */
	expect(dir, "draw optout --db x.db --meeting M", 1, "missing --state");
	expect(dir, "draw optout --db x.db --meeting M --state PNG", 1, "no opt-out recorded");
	expect(dir, "draw ops --db x.db", 0, "PNG placed in cohort");
	expect(dir, "draw ops --db x.db --json", 0, "\"format\":\"revmech-draw-op/1\"");
	expect(dir, "audit --db x.db", 0, "draw.join");
	/* Its same_region slot redrawn like any other (para 28 d). */
	{
		char path[600], err[256], args[600];
		snprintf(path, sizeof path, "%s/x.db", dir);
		struct store *s = store_open(path, 0, err, sizeof err);
		assert_non_null(s);
		struct store_stmt *st = store_prepare(s, "SELECT reviewer FROM lots_assignments WHERE "
						      "reviewed = 'PNG' AND role = 'same_region'");
		assert_non_null(st);
		assert_int_equal(store_step(st), STORE_ROW);
		snprintf(args, sizeof args, "draw redraw --db x.db --reviewed PNG --replace %s "
			 "--requested-by PNG --reason other --meeting M", store_col_text(st, 0));
		store_finalize(st);
		store_close(s);
		expect(dir, args, 0, "in the review of PNG (same_region); requested by PNG, reason other");
	}
	expect(dir, "draw verify --db x.db", 0, "ok:");
	/* The order of a meeting's operations (docs/draw.md): lodged, closed,
	 * applied in the order the entropy draws; nothing run directly there. */
	expect(dir, "draw meeting --db x.db --ref M2 --date 2027-10-01 --title 'WG'", 0, NULL);
	expect(dir, "draw request --db x.db --meeting M2", 1, "--kind");
	expect(dir, "draw request --db x.db --meeting M2 --kind redraw --reviewed PNG", 1,
	       "--replace");
	expect(dir, "draw request --db x.db --meeting M2 --kind event", 0,
	       "request 1 lodged for meeting M2");
	expect(dir, "draw request --db x.db --meeting M2 --kind join --state QQQ", 0, "request 2");
	expect(dir, "draw event --db x.db --meeting M2", 1, "takes its operations as requests");
	expect(dir, "draw apply --db x.db --meeting M2 --entropy 7", 1, "not closed");
	expect(dir, "draw close --db x.db --meeting M2", 1, "--entropy-name");
	expect(dir, "draw close --db x.db --meeting M2 --entropy-name 'Lottery of 2027-09-30'", 0,
	       "requests of M2 closed: list ");
	expect(dir, "draw request --db x.db --meeting M2 --kind event", 1, "closed");
	expect(dir, "draw apply --db x.db --meeting M2 --entropy '3 14 15'", 0, "refused:");
	expect(dir, "draw requests --db x.db --meeting M2", 0, "refused");
	expect(dir, "audit --db x.db", 0, "draw.apply");
	expect(dir, "draw verify --db x.db", 0, "ok:");
	/* C34, gap 2 of h-optout: an opt-out lodged as a request of a meeting
	 * (migration 0044) and applied in its drawn order. */
	expect(dir, "draw meeting --db x.db --ref M3 --date 2027-12-01 --title 'WG'", 0, NULL);
	expect(dir, "draw opt-out --db x.db --state PNG --choice not_reviewer --date 2027-11-02 "
	       "--source 'note verbale of 2 November 2027'", 0, NULL);
	expect(dir, "draw verify --db x.db", 2, "PNG opted out of being a reviewer");
	expect(dir, "draw request --db x.db --meeting M3 --kind optout", 1, "--state");
	expect(dir, "draw request --db x.db --meeting M3 --kind optout --state PNG", 0,
	       "request 1 lodged for meeting M3");
	expect(dir, "draw close --db x.db --meeting M3 --entropy-name 'Lottery of 2027-11-30'", 0,
	       NULL);
	expect(dir, "draw apply --db x.db --meeting M3 --entropy '2 71 82'", 0, "(optout): op");
	expect(dir, "draw verify --db x.db", 0, "ok:");
	/* The stored op edited behind the binary's back: verify exits 2. */
	char path[600], err[256];
	snprintf(path, sizeof path, "%s/x.db", dir);
	struct store *s = store_open(path, 0, err, sizeof err);
	assert_non_null(s);
	struct store_stmt *st = store_prepare(s, "UPDATE lots_ops SET output = replace(output, "
					      "'\"PNG\"', '\"SLB\"')");
	assert_non_null(st);
	assert_int_equal(store_step(st), STORE_DONE);
	store_finalize(st);
	store_close(s);
	expect(dir, "draw verify --db x.db", 2, "history: op 1");
	tu_rmdir(dir);
}

/* C3 over the CLI: `draw lots --db --cohorts-only`, then the cohorts'
 * reviewers at a later meeting, each step passing `draw verify --db`. */
static void test_cohorts_only_cli(void **state)
{
	(void)state;
	char *dir = tu_tmpdir();
	if (tu_pg()) {
		tu_rmdir(dir);
		skip();
	}
	expect(dir, "init --db x.db", 0, NULL);
	expect(dir, "draw meeting --db x.db --ref D --date 2026-10-01 --title T", 0, NULL);
	expect(dir, "draw lots --roster r.csv --cohorts-only --seed "
	       "00000000000000000000000000000000000000000000000000000000000000ab", 1, "only with --db");
	expect(dir, "draw lots --db x.db --meeting D --cohorts-only --out d.json --seed "
	       "00000000000000000000000000000000000000000000000000000000000000ab", 0, NULL);
	/* No reviewer in the document (grep finds no "state": exit 1). */
	expect(dir, "draw ops --db x.db && grep -c 'cohorts only' d.json && grep -c '\"state\"' "
	       "d.json", 1, "0");
	expect(dir, "draw verify --db x.db", 0, "ok:");
	expect(dir, "draw meeting --db x.db --ref M --date 2027-06-01 --title T", 0, NULL);
	expect(dir, "draw event --db x.db --meeting M --cohort 2", 0, "op 1 (event at M)");
	expect(dir, "draw verify --db x.db", 0, "ok:");
	/* C34: an opt-out over the stored draw: without --meeting, verify fails
	 * until `draw optout`; with it, applied at once. */
	expect(dir, "draw opt-out --db x.db --state AFG --choice not_reviewed --date 2027-07-01 "
	       "--source 'note verbale'", 0, "apply the opt-out");
	expect(dir, "draw verify --db x.db", 2, "AFG opted out of being reviewed");
	expect(dir, "draw optout --db x.db --meeting M --state AFG", 0,
	       "the review of AFG is withdrawn");
	expect(dir, "draw verify --db x.db", 0, "ok:");
	expect(dir, "draw opt-out --db x.db --state ALB --choice not_reviewed --date 2027-07-01 "
	       "--source 'note verbale' --meeting M", 0, "op 3 (optout at M)");
	expect(dir, "draw verify --db x.db", 0, "ok:");
	tu_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_draw_events_cli),
		cmocka_unit_test(test_cohorts_only_cli),
	};
	return cmocka_run_group_tests_name("lots_events_cli", tests, NULL, NULL);
}
