/* overview.c - counts per cohort, phase and R90 state (see overview.h). */
#include "review/overview.h"

#include <string.h>

#include "store/store.h"
#include "util/buf.h"

int overview_load(struct store *s, struct overview *out)
{
	int rc = -1, step;
	memset(out, 0, sizeof *out);
	struct store_stmt *st = store_prepare_cached(s,
		"SELECT r.year, COUNT(*) FROM lots_reviews r JOIN lots_draws d "
		"ON d.id = r.draw_id WHERE d.status = 'current' GROUP BY r.year");
	if (!st)
		return -1;
	while ((step = store_step(st)) == STORE_ROW) {
		long y = (long)store_col_int(st, 0), n = (long)store_col_int(st, 1);
		if (y < 1 || y > 3)
			continue;
		out->available = 1;
		for (int p = 0; p < PHASE_COUNT; p++)
			out->cell[y - 1][p].reviews = n;
	}
	store_finalize(st);
	if (step != STORE_DONE)
		return -1;
	st = store_prepare_cached(s,
		"SELECT r.year, p.phase, p.state, COUNT(*) FROM review_phase_states p "
		"JOIN lots_reviews r ON r.reviewed = p.reviewed "
		"JOIN lots_draws d ON d.id = r.draw_id AND d.status = 'current' "
		"GROUP BY r.year, p.phase, p.state");
	if (!st)
		return -1;
	while ((step = store_step(st)) == STORE_ROW) {
		long y = (long)store_col_int(st, 0), ph = (long)store_col_int(st, 1);
		int state = phase_state_parse(store_col_text(st, 2));
		if (y < 1 || y > 3 || ph < 1 || ph > PHASE_COUNT || state < 0)
			continue; /* the tables' CHECKs keep these out */
		out->cell[y - 1][ph - 1].count[state] += (long)store_col_int(st, 3);
	}
	store_finalize(st);
	if (step != STORE_DONE)
		return -1;
	for (int c = 0; c < 3; c++)
		for (int p = 0; p < PHASE_COUNT; p++) {
			struct overview_cell *cell = &out->cell[c][p];
			long in_state = 0;
			for (int k = 0; k < PHASE_STATE_COUNT; k++)
				in_state += cell->count[k];
			cell->none = cell->reviews > in_state ? cell->reviews - in_state : 0;
			if (phase_status_get(s, c + 1, p + 1, &cell->gate) < 0)
				goto out;
		}
	rc = 0;
out:
	return rc;
}

void overview_csv(const struct overview *o, struct buf *out)
{
	buf_puts(out, "cohort,phase,reviews,planned,completed,percent");
	for (int k = 0; k < PHASE_STATE_COUNT; k++) {
		buf_putc(out, ',');
		buf_put_csv(out, phase_state_name((enum phase_state)k));
	}
	buf_puts(out, ",none\r\n");
	for (int c = 0; c < 3; c++)
		for (int p = 0; p < PHASE_COUNT; p++) {
			const struct overview_cell *cell = &o->cell[c][p];
			buf_printf(out, "%d,%d,%ld,", c + 1, p + 1, cell->reviews);
			if (cell->gate.started)
				buf_printf(out, "%ld,%ld,%d.%d", cell->gate.planned,
					   cell->gate.completed, cell->gate.permille / 10,
					   cell->gate.permille % 10);
			else
				buf_puts(out, ",,");
			for (int k = 0; k < PHASE_STATE_COUNT; k++)
				buf_printf(out, ",%ld", cell->count[k]);
			buf_printf(out, ",%ld\r\n", cell->none);
		}
}
