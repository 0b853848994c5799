/* taprov.h - what pages_list.c's follow-up page takes from pages_taprov.c
 * (internal to src/web; issue 10; R116, R117, R122). */
#ifndef RM_WEB_TAPROV_H
#define RM_WEB_TAPROV_H

#include "util/buf.h"
#include "web/http.h"
#include "web/listctx.h"

/* Appends the follow-up page's providers section for x: the reviewed
 * State's choice to share its needs (and the form of whoever access/ lets
 * change it), to whom they were sent (ACCESS_TA_DISSEMINATION_READ), the
 * Secretariat's dissemination form (ACCESS_TA_DISSEMINATE). */
void taprov_followup_section(struct web_req *rq, struct buf *b, const struct listctx *x);
/* Appends a select "provider_id" of the register's active providers
 * (first option "": none, the name typed), for the request form. */
void taprov_provider_select(struct web_req *rq, struct buf *b);

#endif
