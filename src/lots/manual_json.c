/* manual_json.c - a draw held by hand given as JSON (issue 12; C45, R51):
 * turned into the CSV that manual.c reads, so that the rules, the record's
 * hash and the seed derived from it are those of `draw record`.  Either a
 * drawing document (revmech-draw/2 or /3: its "reviews") or an array of
 * rows, as lots_manual_json_to_csv() says. */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "lots/events.h"
#include "util/buf.h"

/* instruments as an array of codes or a space-separated text, into b. */
static int put_instr(json_t *v, struct buf *b)
{
	if (!v || json_is_null(v))
		return 0;
	if (json_is_string(v)) {
		buf_put_csv(b, json_string_value(v));
		return 0;
	}
	if (!json_is_array(v))
		return -1;
	struct buf t = { 0 };
	size_t i;
	json_t *x;
	json_array_foreach(v, i, x) {
		if (!json_is_string(x)) {
			buf_free(&t);
			return -1;
		}
		buf_printf(&t, "%s%s", i ? " " : "", json_string_value(x));
	}
	buf_put_csv(b, buf_str(&t));
	buf_free(&t);
	return 0;
}

static int row(struct buf *csv, json_t *reviewed, json_t *year, json_t *reviewer, json_t *role,
	       json_t *instr, const char *where, char *err, size_t errlen)
{
	if (!json_is_string(reviewed) || !json_is_integer(year) || !json_is_string(reviewer) ||
	    !json_is_string(role)) {
		snprintf(err, errlen, "--file: %s: needs reviewed, year (a number), reviewer and "
			 "role", where);
		return LOTS_EINPUT;
	}
	buf_put_csv(csv, json_string_value(reviewed));
	buf_printf(csv, ",%lld,", (long long)json_integer_value(year));
	buf_put_csv(csv, json_string_value(reviewer));
	buf_putc(csv, ',');
	buf_put_csv(csv, json_string_value(role));
	buf_putc(csv, ',');
	if (put_instr(instr, csv) < 0) {
		snprintf(err, errlen, "--file: %s: instruments must be a list of codes", where);
		return LOTS_EINPUT;
	}
	buf_putc(csv, '\n');
	return LOTS_OK;
}

int lots_manual_json_to_csv(const char *json, struct buf *csv, char *err, size_t errlen)
{
	json_error_t je;
	json_t *j = json_loads(json, 0, &je), *v, *w;
	size_t i, k;
	char where[64];
	int rc = LOTS_EINPUT;
	if (!j) {
		snprintf(err, errlen, "--file: not JSON (line %d: %s)", je.line, je.text);
		return LOTS_EINPUT;
	}
	buf_puts(csv, "reviewed,year,reviewer,role,instruments\n");
	if (json_is_array(j)) {
		json_array_foreach(j, i, v) {
			snprintf(where, sizeof where, "row %zu", i + 1);
			if (row(csv, json_object_get(v, "reviewed"), json_object_get(v, "year"),
				json_object_get(v, "reviewer"), json_object_get(v, "role"),
				json_object_get(v, "instruments"), where, err, errlen) != LOTS_OK)
				goto out;
		}
		rc = LOTS_OK;
		goto out;
	}
	json_t *rv = json_object_get(j, "reviews");
	if (!json_is_array(rv)) {
		snprintf(err, errlen, "--file: JSON with neither \"reviews\" (a draw document) nor "
			 "an array of rows");
		goto out;
	}
	json_array_foreach(rv, i, v) {
		json_t *rs = json_object_get(v, "reviewers");
		if (!json_is_array(rs)) {
			snprintf(err, errlen, "--file: reviews[%zu]: no \"reviewers\"", i);
			goto out;
		}
		json_array_foreach(rs, k, w) {
			snprintf(where, sizeof where, "reviews[%zu].reviewers[%zu]", i, k);
			if (row(csv, json_object_get(v, "reviewed"), json_object_get(v, "year"),
				json_object_get(w, "state"), json_object_get(w, "role"),
				json_object_get(w, "instruments"), where, err, errlen) != LOTS_OK)
				goto out;
		}
	}
	rc = LOTS_OK;
out:
	json_decref(j);
	return rc;
}
