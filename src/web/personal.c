/* personal.c - see personal.h. */
#include "web/personal.h"

#include <stdio.h>
#include <string.h>

#include "accounts/account.h"

int personal_visible(const struct access_actor *a, const struct access_review *ar)
{
	struct access_object o = { .review = ar };
	return access_allowed(a, ACCESS_REVIEW_READ, &o);
}

int personal_review_known(const struct access_actor *a, const struct access_review *ar)
{
	return personal_visible(a, ar);
}

static int personal_key(const char *k)
{
	static const char *const keys[] = { "agreed_by", "saved_by", "uploaded_by",
					    "submitted_by", "sent_by", "author", "by", "email" };
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (!strcmp(k, keys[i]))
			return 1;
	return 0;
}

void personal_strip(json_t *j, const char *state)
{
	const char *k;
	json_t *v;
	size_t i;
	if (json_is_array(j)) {
		json_array_foreach(j, i, v)
			personal_strip(v, state);
		return;
	}
	if (!json_is_object(j))
		return;
	/* A party of a summary names its State: the person acted for it. */
	const char *own = json_string_value(json_object_get(j, "state"));
	char st[8] = "";
	if (own && strlen(own) < sizeof st)
		memcpy(st, own, strlen(own) + 1);
	json_object_foreach(j, k, v) {
		/* Only a text is a person's address (a null stays null). */
		if (personal_key(k) && json_is_string(v))
			json_object_set_new(j, k, *st ? json_string(st)
					    : state ? json_string(state) : json_null());
		else
			personal_strip(v, state);
	}
}

void personal_strip_accounts(struct store *s, json_t *j)
{
	const char *k;
	json_t *v;
	size_t i;
	if (json_is_array(j)) {
		json_array_foreach(j, i, v)
			personal_strip_accounts(s, v);
		return;
	}
	if (!json_is_object(j))
		return;
	json_object_foreach(j, k, v) {
		if (!personal_key(k) || !json_is_string(v)) {
			personal_strip_accounts(s, v);
			continue;
		}
		struct account u;
		if (account_by_email(s, json_string_value(v), &u) == 1)
			json_object_set_new(j, k, json_string(*u.state ? u.state : u.role_name));
		else
			json_object_set_new(j, k, json_null());
	}
}

void personal_author_label(struct store *s, const char *email, char *out, size_t len)
{
	struct account u;
	if (len)
		out[0] = '\0';
	if (email && account_by_email(s, email, &u) == 1)
		snprintf(out, len, "%s", *u.state ? u.state : u.role_name);
}
