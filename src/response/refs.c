/* refs.c - R73 (para 22): a reference to information given to another
 * review mechanism added to an answer, as a new version of it (uncac.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "response/response_int.h"
#include "response/uncac.h"
#include "store/store.h"
#include "util/msg.h"
#include "util/util.h"

enum response_rc response_reference_add(struct store *s, const struct response_review *rv,
					const struct response_qns *q, const char *question,
					int base_version, const char *mechanism,
					const char *document, const char *date, const char *who,
					int *new_version, char *err, size_t errlen)
{
	struct response_answer cur = { 0 };
	enum response_rc rc;
	json_t *doc = NULL, *refs = NULL;
	int have = response_answer_get(s, rv, question ? question : "", &cur);
	if (have < 0) {
		msg_internal(err, errlen, store_errmsg(s));
		return RESPONSE_ERROR;
	}
	if (have == 0) {
		struct response_question qq;
		if (!response_question_find(q, question, &qq)) {
			msg_set(err, errlen, N_("unknown question '%.64s' in the questionnaires of "
				 "this review"), question ? question : "");
			return RESPONSE_BAD;
		}
		msg_set(err, errlen, N_("%s: answer the question first, then add the references "
			 "its answer rests on"), question);
		return RESPONSE_BAD;
	}
	doc = json_loads(cur.answer, 0, NULL);
	json_t *old = json_object_get(doc, "references");
	refs = json_is_array(old) ? json_deep_copy(old) : json_array();
	/* Empty fields are left out, so that the check of response_save()
	 * names the one missing. */
	json_t *r = json_object();
	if (mechanism && *mechanism)
		json_object_set_new(r, "mechanism", json_string(mechanism));
	if (document && *document)
		json_object_set_new(r, "document", json_string(document));
	json_object_set_new(r, "date", json_string(date ? date : ""));
	json_array_append_new(refs, r);
	rc = response_save(s, rv, q, question, base_version, cur.lang,
			   json_object_get(doc, "value"), refs, who, new_version, NULL, err,
			   errlen);
	json_decref(refs);
	json_decref(doc);
	response_answer_free(&cur);
	return rc;
}
