/* test_lots_sat.c - the CDCL solver of the drawer's exact fallback
 * (src/lots/sat.c, issue 12 "completeness"): on thousands of random
 * formulas of 3 to 14 variables around the satisfiability threshold its
 * answer is the brute-force one, every model it gives satisfies every
 * clause, and the same clauses give the same model (determinism).  A
 * pigeonhole formula (unsatisfiable, needs learning) is refuted, and a
 * budget of one conflict is reported as spent, not as a proof. */
#include "testutil.h"

#include "lots/sat.h"

static uint32_t rnd_state = 12345;

static uint32_t rnd(uint32_t n)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return (rnd_state >> 8) % n;
}

static int brute(int nv, const int *cl, int ncl)
{
	for (uint32_t a = 0; a < (1u << nv); a++) {
		int ok = 1;
		for (int c = 0; c < ncl && ok; c++) {
			int sat = 0;
			for (int k = 0; k < 3; k++) {
				int l = cl[3 * c + k], v = l > 0 ? l : -l;
				sat |= ((a >> (v - 1)) & 1) == (l > 0);
			}
			ok = sat;
		}
		if (ok)
			return 1;
	}
	return 0;
}

static void test_random_formulas(void **state)
{
	(void)state;
	int nsat = 0, nunsat = 0;
	for (int t = 0; t < 3000; t++) {
		int nv = 3 + (int)rnd(12), ncl = (int)(nv * (3.5 + rnd(20) / 10.0));
		int *cl = malloc((size_t)ncl * 3 * sizeof *cl);
		for (int c = 0; c < ncl; c++)
			for (int k = 0; k < 3; k++)
				cl[3 * c + k] = (int)(1 + rnd((uint32_t)nv)) * (rnd(2) ? 1 : -1);
		int want = brute(nv, cl, ncl), model[2][16];
		for (int rep = 0; rep < 2; rep++) {
			struct sat *s = sat_new();
			for (int v = 0; v < nv; v++)
				assert_int_equal(sat_var(s), v + 1);
			for (int v = 1; v <= nv; v++)
				sat_prefer(s, v, (double)((v * 7) % nv) / nv, v & 1);
			for (int c = 0; c < ncl; c++)
				sat_clause(s, cl + 3 * c, 3);
			int got = sat_solve(s, 1000000);
			if (got != want)
				fail_msg("formula %d (%d vars, %d clauses): solver %d, brute force %d", t, nv,
					 ncl, got, want);
			for (int v = 1; v <= nv; v++)
				model[rep][v - 1] = sat_value(s, v);
			if (got == 1)
				for (int c = 0; c < ncl; c++) {
					int ok = 0;
					for (int k = 0; k < 3; k++) {
						int l = cl[3 * c + k];
						ok |= sat_value(s, l > 0 ? l : -l) == (l > 0);
					}
					assert_true(ok);
				}
			sat_free(s);
		}
		assert_memory_equal(model[0], model[1], (size_t)nv * sizeof(int));
		nsat += want;
		nunsat += !want;
		free(cl);
	}
	print_message("sat: %d satisfiable, %d unsatisfiable formulas, all as brute force\n", nsat,
		      nunsat);
	assert_true(nsat > 300 && nunsat > 300);
}

/* Pigeons into holes: p[i][h] = pigeon i in hole h (n+1 pigeons, n holes). */
static struct sat *pigeonhole(int n)
{
	struct sat *s = sat_new();
	int p[8][8];
	for (int i = 0; i <= n; i++)
		for (int h = 0; h < n; h++)
			p[i][h] = sat_var(s);
	for (int i = 0; i <= n; i++)
		sat_clause(s, p[i], n);
	for (int h = 0; h < n; h++)
		for (int i = 0; i <= n; i++)
			for (int j = i + 1; j <= n; j++) {
				int c[2] = { -p[i][h], -p[j][h] };
				sat_clause(s, c, 2);
			}
	return s;
}

static void test_pigeonhole_and_budget(void **state)
{
	(void)state;
	struct sat *s = pigeonhole(6);
	assert_int_equal(sat_solve(s, 1000000), 0);
	assert_true(sat_conflicts(s) > 0);
	sat_free(s);
	s = pigeonhole(6);
	assert_int_equal(sat_solve(s, 1), -1);      /* budget spent: no claim */
	sat_free(s);
	/* An empty clause and contradictory units. */
	s = sat_new();
	int v = sat_var(s), a = v, b = -v;
	sat_clause(s, &a, 1);
	assert_int_equal(sat_clause(s, &b, 1), -1);
	assert_int_equal(sat_solve(s, 10), 0);
	sat_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_formulas),
		cmocka_unit_test(test_pigeonhole_and_budget),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
