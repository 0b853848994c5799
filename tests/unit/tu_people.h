/* tu_people.h - a named focal point for the unit tests that need one
 * (test_dialogue, test_observation; para 18: only the focal point named
 * for a State writes as its focal point). */
#ifndef RM_TESTS_TU_PEOPLE_H
#define RM_TESTS_TU_PEOPLE_H

#include "testutil.h"

#include "accounts/account.h"

/* Creates the focal-point account email of state (the party must exist)
 * and names it, as people_focal_name() would, without its checks.
 * Returns the account's id; fails the test on any error. */
static int64_t tu_name_focal_point(struct store *s, const char *state, const char *email)
{
	char err[256];
	int64_t uid = account_create(s, email, "focal_point", state, NULL, err, sizeof err);
	if (uid <= 0)
		fail_msg("%s", err);
	struct store_stmt *st = store_prepare(s, "INSERT INTO focal_points (state, user_id, "
						 "named_at, named_by) VALUES (?, ?, '2025-02-01', 'sec')");
	assert_non_null(st);
	store_bind_text(st, 1, state);
	store_bind_int(st, 2, uid);
	assert_int_equal(store_step(st), STORE_DONE);
	store_finalize(st);
	return uid;
}

#endif
