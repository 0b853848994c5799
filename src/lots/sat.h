/* sat.h - a small CDCL SAT solver for the complete fallback of the drawer
 * (exact.c; issue 12 "completeness").  Internal to src/lots/.
 *
 * Variables are 1..n; a literal is +v or -v.  Deterministic: the same
 * clauses added in the same order, with the same initial order, give the
 * same model on any machine (no clock, no address enters a decision). */
#ifndef RM_LOTS_SAT_H
#define RM_LOTS_SAT_H

struct sat;

/* A new solver with no variable.  Free with sat_free. */
struct sat *sat_new(void);
void sat_free(struct sat *s);
/* A new variable; returns its number (1, 2, ...). */
int sat_var(struct sat *s);
/* Adds the clause lits[0..n) (a copy is kept).  Returns 0, or -1 once the
 * clauses are known to be contradictory. */
int sat_clause(struct sat *s, const int *lits, int n);
/* Initial decision priority of v (higher first; ties by variable number)
 * and the value first tried for it (1 true, 0 false, the default): the
 * caller puts its preferred search order here. */
void sat_prefer(struct sat *s, int v, double priority, int phase);
/* Solves within max_conflicts conflicts.  Returns 1 satisfiable (then
 * sat_value gives the model), 0 unsatisfiable, -1 budget spent. */
int sat_solve(struct sat *s, long max_conflicts);
/* 1 if v is true in the model, else 0. */
int sat_value(const struct sat *s, int v);
/* Conflicts and decisions of the last sat_solve. */
long sat_conflicts(const struct sat *s);
long sat_decisions(const struct sat *s);

#endif
