/* test_lots_cli.c - `revmech draw` from the outside for issue 12: the
 * commitment published before the meeting (R51), a redraw that refuses a
 * seed, an exceptional redraw that needs a recorded decision, and verify
 * of a roster re-saved with CRLF and another row order. */
#include "testutil.h"

#include <sys/wait.h>

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

/* Runs BIN with the given argument string (shell-quoted by the caller). */
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

static void done(struct result *r)
{
	buf_free(&r->out);
	buf_free(&r->err);
}

static void write_file(const char *dir, const char *name, const char *content)
{
	char path[600];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(content, f);
	fclose(f);
}

static void test_draw_cli(void **state)
{
	(void)state;
	char *dir = tu_tmpdir();
	struct result r;
	struct buf roster = { 0 }, resaved = { 0 };
	const char *seed = "00000000000000000000000000000000000000000000000000000000000000aa";
	char args[1024];

	buf_puts(&roster, "code,name,group,untoc,tip,som,firearms,uncac,opt_out\n");
	buf_puts(&resaved, "code,name,group,untoc,tip,som,firearms,uncac,opt_out\r\n");
	for (int i = 29; i >= 0; i--) {
		char row[96];
		snprintf(row, sizeof row, "A%c%c,\"State %d\",%s,1,%d,0,0,0,0", 'A' + i / 26,
			 'A' + i % 26, i, i % 3 == 0 ? "WEOG" : i % 3 == 1 ? "AFRICAN" : "GRULAC",
			 i % 2);
		buf_printf(&resaved, "%s\r\n", row);
	}
	for (int i = 0; i < 30; i++) {
		char row[96];
		snprintf(row, sizeof row, "A%c%c,State %d,%s,1,%d,0,0,0,0", 'A' + i / 26,
			 'A' + i % 26, i, i % 3 == 0 ? "WEOG" : i % 3 == 1 ? "AFRICAN" : "GRULAC",
			 i % 2);
		buf_printf(&roster, "%s\n", row);
	}
	write_file(dir, "r.csv", roster.p);
	write_file(dir, "re.csv", resaved.p);

	/* The commitment and roster hash published beforehand are those the
	 * document carries. */
	snprintf(args, sizeof args, "draw commit --roster r.csv --seed %s", seed);
	run(&r, dir, args);
	assert_int_equal(r.status, 0);
	char com[80], sha[80];
	const char *p = strstr(r.out.p, "\"seed_commitment\": \"");
	assert_non_null(p);
	snprintf(com, sizeof com, "%.64s", p + 20);
	p = strstr(r.out.p, "\"roster_sha256\": \"");
	assert_non_null(p);
	snprintf(sha, sizeof sha, "%.64s", p + 18);
	done(&r);
	snprintf(args, sizeof args, "draw lots --roster r.csv --seed %s --out d.json", seed);
	run(&r, dir, args);
	assert_int_equal(r.status, 0);
	done(&r);
	char path[600];
	struct buf doc = { 0 };
	snprintf(path, sizeof path, "%s/d.json", dir);
	slurp(path, &doc);
	assert_non_null(strstr(doc.p, com));
	assert_non_null(strstr(doc.p, sha));

	/* The same draw verifies against the re-saved roster. */
	run(&r, dir, "draw verify --roster re.csv d.json");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out.p, "ok:"));
	done(&r);

	/* A tampered document is a rule violation: exit 2 (1 is usage). */
	{
		struct buf bad = { 0 };
		buf_puts(&bad, doc.p);
		char *y = strstr(bad.p, "\"year\": 1");
		assert_non_null(y);
		y[8] = '3';
		write_file(dir, "bad.json", bad.p);
		buf_free(&bad);
		run(&r, dir, "draw verify --roster r.csv bad.json");
		assert_int_equal(r.status, 2);
		assert_null(strstr(r.out.p, "ok:"));
		done(&r);
	}

	/* A redraw takes no seed; exceptional needs a decision. */
	const char *q = strstr(doc.p, "\"reviewed\": \"AAA\"");
	assert_non_null(q);
	q = strstr(q, "\"state\": \"");
	assert_non_null(q);
	char who[4];
	snprintf(who, sizeof who, "%.3s", q + 10);
	snprintf(args, sizeof args, "draw redraw --roster r.csv --draw d.json --reviewed AAA "
		 "--replace %s --requested-by AAA --reason language --seed %s", who, seed);
	run(&r, dir, args);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err.p, "takes no seed"));
	done(&r);
	snprintf(args, sizeof args, "draw redraw --roster r.csv --draw d.json --reviewed AAA "
		 "--replace %s --requested-by AAA --reason exceptional --note 'conflict'", who);
	run(&r, dir, args);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err.p, "--decision"));
	done(&r);
	snprintf(args, sizeof args, "draw redraw --roster r.csv --draw d.json --reviewed AAA "
		 "--replace %s --requested-by AAA --reason exceptional --note 'conflict' "
		 "--decision 'WG/2026/3' --out d2.json", who);
	run(&r, dir, args);
	assert_int_equal(r.status, 0);
	done(&r);
	run(&r, dir, "draw verify --roster re.csv d2.json");
	assert_int_equal(r.status, 0);
	done(&r);
	/* Without --out or --json a redraw prints one line. */
	snprintf(args, sizeof args, "draw redraw --roster r.csv --draw d.json --reviewed AAA "
		 "--replace %s --requested-by AAA --reason legal_system", who);
	run(&r, dir, args);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out.p, "redraw 1: review of AAA, "));
	assert_null(strchr(r.out.p, '{'));
	done(&r);
	/* With --json: the document alone on stdout. */
	snprintf(args, sizeof args, "draw redraw --roster r.csv --draw d.json --reviewed AAA "
		 "--replace %s --requested-by AAA --reason legal_system --json", who);
	run(&r, dir, args);
	assert_int_equal(r.status, 0);
	assert_true(r.out.len > 0 && r.out.p[0] == '{');
	assert_non_null(strstr(r.out.p, "\"redraws\""));
	assert_null(strstr(r.out.p, "redraw 1: "));
	done(&r);
	buf_free(&doc);
	buf_free(&roster);
	buf_free(&resaved);
	tu_rmdir(dir);
}

/* Issue 8 item 6: a stored draw is replaced only with --supersede, and
 * audited; verify exits 2 on a violation (1 is usage); redraw prints one
 * line, the document only with --json. */
static void test_draw_cli_db(void **state)
{
	(void)state;
	char *dir = tu_tmpdir();
	struct result r;
	const char *s1 = "0000000000000000000000000000000000000000000000000000000000000011";
	const char *s2 = "0000000000000000000000000000000000000000000000000000000000000022";
	char args[1024];
	run(&r, dir, "init --db t.db");
	assert_int_equal(r.status, 0);
	done(&r);
	/* Every draw and redraw is held at a recorded meeting (R237, C42). */
	run(&r, dir, "draw meeting --db t.db --ref 'WG 6' --date 2026-06-01 --title 'WG' && '" BIN
	    "' draw meeting --db t.db --ref 'WG 7' --date 2026-07-01 --title 'WG' && '" BIN
	    "' draw meeting --db t.db --ref 'WG 8' --date 2026-08-01 --title 'WG'");
	assert_int_equal(r.status, 0);
	done(&r);
	snprintf(args, sizeof args, "draw lots --db t.db --seed %s --meeting 'WG 6' --out d1.json", s1);
	run(&r, dir, args);
	assert_int_equal(r.status, 0);
	done(&r);
	/* Over the stored draw: refused, nothing changed. */
	snprintf(args, sizeof args, "draw lots --db t.db --seed %s --meeting 'WG 6' --out d2.json", s2);
	run(&r, dir, args);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err.p, "--supersede"));
	done(&r);
	run(&r, dir, "draw verify --db t.db");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out.p, "ok:"));
	done(&r);
	snprintf(args, sizeof args, "draw lots --db t.db --seed %s --supersede --meeting 'WG 7' "
		 "--by officer --out d2.json", s2);
	run(&r, dir, args);
	assert_int_equal(r.status, 0);
	done(&r);
	run(&r, dir, "audit --db t.db");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out.p, "draw.supersede"));
	assert_non_null(strstr(r.out.p, "superseded by draw 2"));
	assert_non_null(strstr(r.out.p, "draw.lots"));
	assert_non_null(strstr(r.out.p, "meeting WG 7"));
	done(&r);
	/* --supersede belongs to --db. */
	snprintf(args, sizeof args, "draw lots --roster x.csv --seed %s --supersede", s1);
	run(&r, dir, args);
	assert_int_equal(r.status, 1);
	done(&r);

	char path[600];
	struct buf doc = { 0 };
	snprintf(path, sizeof path, "%s/d2.json", dir);
	slurp(path, &doc);
	run(&r, dir, "draw verify --db t.db --nonsense");
	assert_int_equal(r.status, 1);
	done(&r);

	/* Redraw: one line, the JSON only with --json. */
	const char *q = strstr(doc.p, "\"reviews\"");
	assert_non_null(q);
	q = strstr(q, "\"reviewed\": \"");
	assert_non_null(q);
	char rev[4], who[4];
	snprintf(rev, sizeof rev, "%.3s", q + 13);
	q = strstr(q, "\"state\": \"");
	assert_non_null(q);
	snprintf(who, sizeof who, "%.3s", q + 10);
	snprintf(args, sizeof args, "draw redraw --db t.db --reviewed %s --replace %s "
		 "--requested-by %s --reason language --meeting 'WG 8'", rev, who, rev);
	run(&r, dir, args);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out.p, "redraw 1: review of "));
	assert_non_null(strstr(r.out.p, "(counted: 1 of 4)"));
	assert_null(strchr(r.out.p, '{'));
	assert_int_equal(strchr(r.out.p, '\n') - r.out.p + 1, (long)r.out.len);
	done(&r);
	run(&r, dir, "audit --db t.db");
	assert_non_null(strstr(r.out.p, "draw.redraw"));
	assert_non_null(strstr(r.out.p, "meeting WG 8"));
	done(&r);
	run(&r, dir, "draw verify --db t.db");
	assert_int_equal(r.status, 0);
	done(&r);
	/* draw record: a result held by hand that breaks the rules is
	 * refused (exit 2), nothing stored; no --file is a usage error. */
	run(&r, dir, "draw record --db t.db");
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err.p, "--file"));
	done(&r);
	write_file(dir, "hand.csv", "reviewed,year,reviewer,role,instruments\n"
		   "FRA,1,DEU,same_region,\nFRA,1,BRA,other_region,\n");
	run(&r, dir, "draw record --db t.db --file hand.csv --supersede --meeting 'WG 8'");
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err.p, "nothing recorded"));
	done(&r);
	run(&r, dir, "draw verify --db t.db");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out.p, "is the draw of its seed"));
	done(&r);
	buf_free(&doc);
	tu_rmdir(dir);
}

/* draw lots --effort NODES,CONFLICTS (docs/draw.md "A lowered effort",
 * issue 12): bad values refused with a usage message, never with --db,
 * and a draw found under it never written (a drawable roster: the
 * construction draws it, so the refusal comes before any document). */
static void test_effort(void **state)
{
	(void)state;
	char *dir = tu_tmpdir();
	struct result r;
	const char *seed = "00000000000000000000000000000000000000000000000000000000000000aa";
	struct buf roster = { 0 };
	char args[1024];
	buf_puts(&roster, "code,name,group,untoc,tip,som,firearms,uncac,opt_out\n");
	for (int i = 0; i < 30; i++)
		buf_printf(&roster, "A%c%c,State %d,%s,1,0,0,0,0,0\n", 'A' + i / 26, 'A' + i % 26, i,
			   i % 3 == 0 ? "WEOG" : i % 3 == 1 ? "AFRICAN" : "GRULAC");
	write_file(dir, "r.csv", roster.p);
	static const struct {
		const char *opts;
		int status;
		const char *msg;
	} cases[] = {
		{ "--roster r.csv --effort 0,5", 1, "--effort: '0,5' is not NODES,CONFLICTS" },
		{ "--roster r.csv --effort 10", 1, "--effort: NODES,CONFLICTS (two numbers" },
		{ "--roster r.csv --effort 10,x", 1, "--effort: '10,x' is not NODES,CONFLICTS" },
		{ "--roster r.csv --effort -3,100", 1, "is not NODES,CONFLICTS" },
		{ "--db x.db --meeting M --effort 10,100", 1, "--effort: NODES,CONFLICTS (two numbers "
		  "of at least 1, with --roster)" },
		{ "--roster r.csv --effort 10,100 --out d.json", 2, "--effort: a draw was found under a "
		  "lowered effort; it need not be the draw of this seed, so it is not written" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		snprintf(args, sizeof args, "draw lots --seed %s %s", seed, cases[i].opts);
		run(&r, dir, args);
		if (r.status != cases[i].status || !strstr(r.err.p ? r.err.p : "", cases[i].msg))
			fail_msg("%s: status %d, '%s'", cases[i].opts, r.status, r.err.p ? r.err.p : "");
		done(&r);
	}
	/* Nothing written under --effort. */
	char path[600];
	snprintf(path, sizeof path, "%s/d.json", dir);
	assert_null(fopen(path, "r"));
	buf_free(&roster);
	tu_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_draw_cli),
		cmocka_unit_test(test_draw_cli_db),
		cmocka_unit_test(test_effort),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
