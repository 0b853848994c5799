/* providers.h - the register of technical-assistance providers the
 * Secretariat keeps (issue 10; R117, R122; annex para 45; resolution 9/1
 * docs ¶115: "UNODC disseminates identified TA needs to potential TA
 * providers, including through field offices"; docs/followup.md).
 *
 * A provider is a government, an intergovernmental organisation, a
 * multilateral development bank, a non-governmental organisation or a
 * UNODC field office, with the address the needs are mailed to, the
 * language of that mail, the regional groups and instruments it is
 * interested in (none: any) and whether it is active.  Providers have no
 * account.  Every change is a new version (ta_provider_versions, migration
 * 0055): nothing is overwritten, the latest version is in force.
 * Standalone domain; callers ask access/ first (ACCESS_TA_PROVIDERS_*);
 * each write in its own transaction. */
#ifndef RM_FINDINGS_PROVIDERS_H
#define RM_FINDINGS_PROVIDERS_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

struct store;

/* What a provider is, as given (borrowed strings).  regions and
 * instruments are comma lists of regional_groups.code and
 * instruments.code ("" or NULL: any); lang one of the six codes (NULL or
 * "": en). */
struct provider_in {
	const char *name, *kind, *contact, *lang, *regions, *instruments;
	int active;
};

/* "government" "igo" "bank" "ngo" "field_office": 0..4, -1 otherwise. */
int providers_kind_parse(const char *s);

/* Registers a provider; *id (may be NULL) gets its id.  Returns 0, -2 bad
 * input (err says which, nothing written), -1 store error (err). */
int providers_add(struct store *s, const struct provider_in *in, const char *by, int64_t *id,
		  char *err, size_t errlen);
/* Records a new version of provider id (all its fields as given).
 * Returns 0, -2 bad input, -3 no such provider, -4 nothing changed, -1
 * error; err says which and nothing is written then. */
int providers_change(struct store *s, int64_t id, const struct provider_in *in, const char *by,
		     char *err, size_t errlen);

/* The register: every provider with its version in force, oldest
 * registered first (no ranking), as a JSON array of {id, name, kind,
 * contact, lang, regions: [...], instruments: [...], active, version, at,
 * by} (new reference); NULL on a store error.  active_only 1: the active
 * ones only. */
json_t *providers_list(struct store *s, int active_only);
/* One provider as above with its "history": every version, oldest first
 * (new reference).  *rc 0, -3 no such provider (NULL returned), -1 error. */
json_t *providers_get(struct store *s, int64_t id, int *rc);

/* Whether the comma list has word; an empty list has every word (the
 * provider's "any"). */
int providers_list_matches(const char *list, const char *word);

#endif
