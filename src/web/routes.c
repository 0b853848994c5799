/* routes.c - see routes.h.  The table is the map of the platform: read it
 * to know every address it answers and who may reach it. */
#include "web/routes.h"

#include <stdio.h>
#include <string.h>

#include "util/util.h"
#include "web/handlers.h"

#define PUB ACCESS_ROUTE_PUBLIC
#define MFA ACCESS_ROUTE_MFA_STEP
#define SIGNED ACCESS_ROUTE_SIGNED_IN
#define ENROL ACCESS_ROUTE_ENROL
#define CSRF ROUTE_CSRF
#define NOSTORE ROUTE_NO_STORE
#define PROG ACCESS_PROGRAMME_READ

static const struct route table[] = {
	/* Served before any login, from memory. */
	{ "GET", "/healthz", PUB, NOSTORE, static_healthz },
	{ "GET", "/favicon.ico", PUB, NOSTORE, static_favicon },
	{ "GET", "/static/{file}", PUB, NOSTORE, static_serve },
	/* Public pages and the login. */
	{ "GET", "/", PUB, 0, page_home },
	{ "GET", "/login", PUB, 0, page_login },
	{ "POST", "/login", PUB, CSRF, page_login_post },
	{ "GET", "/login/totp", MFA, 0, page_totp },
	{ "POST", "/login/totp", MFA, CSRF, page_totp_post },
	{ "POST", "/logout", PUB, CSRF, page_logout },
	{ "GET", "/invite/{token}", PUB, 0, page_invite },
	{ "POST", "/invite/{token}", PUB, CSRF, page_invite_post },
	/* Accounts (issue 8, item 2): a forgotten password. */
	{ "GET", "/login/forgot", PUB, 0, page_forgot },
	{ "POST", "/login/forgot", PUB, CSRF, page_forgot_post },
	{ "GET", "/reset/{token}", PUB, 0, page_reset },
	{ "POST", "/reset/{token}", PUB, CSRF, page_reset_post },
	{ "POST", "/account/profile", ENROL, CSRF, page_account_profile },
	{ "POST", "/admin/invite/csv", ACCESS_ADMINISTER, CSRF, page_invite_csv },
	/* The programme as published: public (issue 8, item 4). */
	{ "GET", "/programme", PROG, 0, page_programme },
	{ "GET", "/programme.csv", PROG, 0, page_programme_csv },
	{ "GET", "/draws/{id}", PROG, 0, page_draw },
	{ "GET", "/draws/{id}/document.json", PROG, 0, page_draw_document },
	{ "GET", "/draws/{id}/roster.csv", PROG, 0, page_draw_roster },
	{ "GET", "/reviews/{state}", PROG, 0, page_review },
	/* The signed-in user. */
	{ "GET", "/dashboard", SIGNED, 0, page_dashboard },
	{ "GET", "/account", ENROL, 0, page_account },
	{ "POST", "/account/lang", ENROL, CSRF, page_account_lang },
	{ "POST", "/account/password", ENROL, CSRF, page_account_password },
	{ "POST", "/account/totp/start", ENROL, CSRF, page_totp_start },
	{ "POST", "/account/totp/enable", ENROL, CSRF, page_totp_enable },
	{ "POST", "/account/totp/disable", ACCESS_TOTP_DISABLE, CSRF, page_totp_disable },
	{ "POST", "/account/tokens", ACCESS_TOKENS_MANAGE, CSRF, page_token_create },
	{ "POST", "/account/tokens/revoke", ACCESS_TOKENS_MANAGE, CSRF, page_token_revoke },
	/* The Secretariat. */
	{ "GET", "/admin/users", ACCESS_ADMINISTER, 0, page_users },
	{ "POST", "/admin/invite", ACCESS_ADMINISTER, CSRF, page_invite_create },
	{ "POST", "/admin/invite/revoke", ACCESS_ADMINISTER, CSRF, page_invite_revoke },
	{ "POST", "/admin/invite/resend", ACCESS_ADMINISTER, CSRF, page_invite_resend },
	{ "POST", "/admin/users/totp", ACCESS_ADMINISTER, CSRF, page_user_totp },
	{ "POST", "/admin/users/disable", ACCESS_ADMINISTER, CSRF, page_user_disable },
	{ "POST", "/admin/users/totp-reset", ACCESS_ADMINISTER, CSRF, page_user_totp_reset },
	{ "GET", "/admin/audit", ACCESS_ADMINISTER, 0, page_audit },
	/* The drawing of lots held by the Secretariat (issue 12, lots3). */
	{ "GET", "/lots", ACCESS_DRAW_MANAGE, 0, page_lots },
	{ "POST", "/lots/prepare", ACCESS_DRAW_MANAGE, CSRF, page_lots_prepare },
	{ "POST", "/lots/hold", ACCESS_DRAW_MANAGE, CSRF, page_lots_hold },
	{ "POST", "/lots/redraw", ACCESS_DRAW_MANAGE, CSRF, page_lots_redraw },
	{ "POST", "/lots/decision", ACCESS_DRAW_MANAGE, CSRF, page_lots_decision },
	/* The programme over time and a draw held by hand (issue 12, lotsev). */
	{ "GET", "/lots/programme", ACCESS_DRAW_MANAGE, 0, page_lots_programme },
	{ "POST", "/lots/meeting", ACCESS_DRAW_MANAGE, CSRF, page_lots_meeting },
	{ "POST", "/lots/event", ACCESS_DRAW_MANAGE, CSRF, page_lots_event },
	{ "POST", "/lots/join", ACCESS_DRAW_MANAGE, CSRF, page_lots_join },
	{ "POST", "/lots/protocol", ACCESS_DRAW_MANAGE, CSRF, page_lots_protocol },
	{ "POST", "/lots/request", ACCESS_DRAW_MANAGE, CSRF, page_lots_request },
	{ "POST", "/lots/close", ACCESS_DRAW_MANAGE, CSRF, page_lots_close },
	{ "POST", "/lots/apply", ACCESS_DRAW_MANAGE, CSRF, page_lots_apply },
	{ "GET", "/lots/manual", ACCESS_DRAW_MANAGE, 0, page_lots_manual },
	{ "POST", "/lots/manual", ACCESS_DRAW_MANAGE, CSRF, page_lots_manual_post },
	{ "GET", "/lots/consider", ACCESS_DRAW_MANAGE, 0, page_lots_consider },
	{ "GET", "/draws/{id}/ops.json", PROG, 0, page_draw_ops },
	/* The JSON API (session cookie or personal API token). */
	{ "GET", "/api/v1/me", SIGNED, 0, api_me },
	{ "GET", "/api/v1/reviews", ACCESS_REVIEWS_LIST, 0, api_reviews },
	{ "GET", "/api/v1/programme", PROG, 0, api_programme },
	/* outline (paras 15, 38; R108, R112): the blueprint of lists and
	 * summaries, a Conference document (public); the Secretariat enters
	 * each version adopted. */
	{ "GET", "/api/v1/blueprint", PROG, 0, api_blueprint_get },
	{ "PUT", "/api/v1/blueprint", ACCESS_BLUEPRINT_EDIT, CSRF, api_blueprint_put },
	{ "GET", "/api/v1/tokens", SIGNED, 0, api_tokens_list },
	{ "POST", "/api/v1/tokens", ACCESS_TOKENS_MANAGE, CSRF, api_tokens_create },
	{ "DELETE", "/api/v1/tokens/{id}", ACCESS_TOKENS_MANAGE, CSRF, api_tokens_delete },
	/* archive (issue 10): the signed tree head and proofs, no content;
	 * the inclusion proof (with a record's salt) goes to whoever may read
	 * that record now, as its reading decides (dialogue_record_readable():
	 * a publicly disclosed record's reader may be anonymous: the route
	 * is open as the published programme's, PROG, and the handler
	 * decides), 404 to anyone else. */
	{ "GET", "/api/v1/archive/head", ACCESS_ARCHIVE_HEAD, 0, api_archive_head },
	{ "GET", "/api/v1/archive/consistency", ACCESS_ARCHIVE_HEAD, 0, api_archive_consistency },
	{ "GET", "/api/v1/archive/records/{id}/proof", PROG, 0,
	  api_archive_inclusion },
	/* Country reviews (issue 9): the route asks for a login of a role that
	 * takes part in reviews; the handler asks about the review itself. */
	{ "GET", "/country/{state}", ACCESS_REVIEWS_LIST, 0, page_country },
	{ "POST", "/country/{state}/focal-point", ACCESS_REVIEWS_LIST, CSRF, page_country_focal },
	{ "POST", "/country/{state}/representative", ACCESS_REVIEWS_LIST, CSRF,
	  page_country_representative },
	{ "POST", "/country/{state}/experts", ACCESS_REVIEWS_LIST, CSRF, page_country_experts },
	{ "POST", "/country/{state}/tasks", ACCESS_REVIEWS_LIST, CSRF, page_country_tasks },
	{ "POST", "/country/{state}/consultations", ACCESS_REVIEWS_LIST, CSRF,
	  page_country_consultations },
	/* c44 (C44, para 27): public; each State's entries are shown as
	 * ACCESS_DIRECTORY_STATE_READ decides in the handler. */
	{ "GET", "/directory", PROG, 0, page_directory },
	{ "GET", "/blueprint", PROG, 0, page_blueprint },
	{ "POST", "/blueprint", ACCESS_BLUEPRINT_EDIT, CSRF, page_blueprint_post },
	{ "GET", "/api/v1/reviews/{state}", ACCESS_REVIEWS_LIST, 0, api_country_review },
	/* responses: self-assessment questionnaires, answers, documents and
	 * submission (issue 9); each handler asks the artefact's rule
	 * (ACCESS_QUESTIONNAIRE_READ, ACCESS_RESPONSE_*, ACCESS_ATTACHMENT_READ). */
	{ "GET", "/api/v1/reviews/{state}/phases/{n}/questionnaire", SIGNED, 0, api_questionnaire },
	{ "POST", "/api/v1/reviews/{state}/phases/{n}/questionnaire", ACCESS_ADMINISTER, CSRF,
	  api_questionnaire_open },
	{ "GET", "/api/v1/reviews/{state}/phases/{n}/responses", SIGNED, 0, api_responses },
	{ "GET", "/api/v1/reviews/{state}/phases/{n}/responses/{question}", SIGNED, 0,
	  api_response_get },
	{ "PUT", "/api/v1/reviews/{state}/phases/{n}/responses/{question}", SIGNED, CSRF,
	  api_response_put },
	{ "POST", "/api/v1/reviews/{state}/phases/{n}/responses/{question}/attachments", SIGNED,
	  CSRF | ROUTE_UPLOAD, api_attachment_post },
	{ "POST", "/api/v1/reviews/{state}/phases/{n}/submit", SIGNED, CSRF, api_submit },
	{ "POST", "/api/v1/reviews/{state}/phases/{n}/note", SIGNED, CSRF, api_note },
	{ "GET", "/api/v1/attachments/{id}", SIGNED, 0, api_attachment_get },
	{ "GET", "/reviews/{state}/phases/{n}/responses", SIGNED, 0, page_responses },
	{ "POST", "/reviews/{state}/phases/{n}/responses/{question}", SIGNED, CSRF,
	  page_response_post },
	{ "GET", "/reviews/{state}/phases/{n}/responses/{question}/history", SIGNED, 0,
	  page_response_history },
	{ "POST", "/reviews/{state}/phases/{n}/submit", SIGNED, CSRF, page_submit_post },
	{ "POST", "/reviews/{state}/phases/{n}/note", SIGNED, CSRF, page_note_post },
	/* dialogue (issue 10): threads per instrument with messages, documents
	 * and records of calls, and the written observations; dialogue/ asks
	 * ACCESS_DIALOGUE_* and ACCESS_OBSERVATION_* of each.  No update or
	 * delete route exists. */
	{ "GET", "/api/v1/reviews/{state}/phases/{n}/messages", SIGNED, 0, api_messages },
	{ "POST", "/api/v1/reviews/{state}/phases/{n}/messages", SIGNED, CSRF, api_message_post },
	{ "POST", "/api/v1/reviews/{state}/phases/{n}/messages/attachments", SIGNED,
	  CSRF | ROUTE_UPLOAD, api_message_attach },
	{ "GET", "/api/v1/reviews/{state}/phases/{n}/messages/{id}", SIGNED, 0, api_message_get },
	{ "GET", "/api/v1/reviews/{state}/phases/{n}/observations", SIGNED, 0, api_observations },
	{ "POST", "/api/v1/reviews/{state}/phases/{n}/observations", SIGNED, CSRF,
	  api_observation_post },
	{ "GET", "/reviews/{state}/phases/{n}/dialogue", SIGNED, 0, page_dialogue },
	{ "POST", "/reviews/{state}/phases/{n}/dialogue", SIGNED, CSRF, page_dialogue_post },
	{ "GET", "/reviews/{state}/phases/{n}/observations", SIGNED, 0, page_observations },
	{ "POST", "/reviews/{state}/phases/{n}/observations", SIGNED, CSRF, page_observation_post },
	/* nav (issue 10): a document sent from the dialogue page; dialogue/
	 * asks access/ as for the API's .../messages/attachments. */
	{ "POST", "/reviews/{state}/phases/{n}/dialogue/documents", SIGNED, CSRF | ROUTE_UPLOAD,
	  page_dialogue_document_post },
	/* list: lists of observations, their CRP per working group and the
	 * follow-up (issue 10); each handler asks the artefact's rule
	 * (ACCESS_LIST_*, ACCESS_FOLLOWUP_*, ACCESS_TA_*). */
	{ "GET", "/api/v1/reviews/{state}/phases/{n}/list", SIGNED, 0, api_list_get },
	{ "PUT", "/api/v1/reviews/{state}/phases/{n}/list", SIGNED, CSRF, api_list_put },
	{ "POST", "/api/v1/reviews/{state}/phases/{n}/list/agree", SIGNED, CSRF, api_list_agree },
	{ "POST", "/api/v1/reviews/{state}/phases/{n}/list/confidential", SIGNED, CSRF,
	  api_list_confidential },
	{ "GET", "/api/v1/reviews/{state}/phases/{n}/list/crp/{wg}", SIGNED, 0, api_list_crp },
	{ "GET", "/api/v1/reviews/{state}/phases/{n}/followup", SIGNED, 0, api_followup_get },
	{ "POST", "/api/v1/reviews/{state}/phases/{n}/followup/status", SIGNED, CSRF,
	  api_followup_status },
	{ "POST", "/api/v1/reviews/{state}/phases/{n}/followup/reports", SIGNED, CSRF,
	  api_followup_report },
	/* disc (B18, R104): a report uploaded to the public part. */
	{ "POST", "/api/v1/reviews/{state}/phases/{n}/followup/reports/{id}/public", SIGNED, CSRF,
	  api_followup_report_public },
	{ "POST", "/api/v1/reviews/{state}/phases/{n}/followup/requests", SIGNED, CSRF,
	  api_followup_request },
	/* undo (R103, R104): a report withdrawn from the public part. */
	{ "POST", "/api/v1/reviews/{state}/phases/{n}/followup/reports/{id}/withdraw", SIGNED, CSRF,
	  api_report_withdraw },
	{ "GET", "/api/v1/technical-assistance/needs", ACCESS_TA_AGGREGATE_READ, 0, api_ta_aggregate },
	/* ta (R116, R117, R122): the register of providers (the
	 * Secretariat's), the reviewed State's choice to share its needs,
	 * their dissemination, one need with whom it was sent to. */
	{ "GET", "/api/v1/technical-assistance/providers", ACCESS_TA_PROVIDERS_READ, 0,
	  api_ta_providers },
	{ "POST", "/api/v1/technical-assistance/providers", ACCESS_TA_PROVIDERS_EDIT, CSRF,
	  api_ta_provider_add },
	{ "GET", "/api/v1/technical-assistance/providers/{id}", ACCESS_TA_PROVIDERS_READ, 0,
	  api_ta_provider_get },
	{ "PUT", "/api/v1/technical-assistance/providers/{id}", ACCESS_TA_PROVIDERS_EDIT, CSRF,
	  api_ta_provider_put },
	{ "GET", "/api/v1/reviews/{state}/phases/{n}/followup/sharing", SIGNED, 0,
	  api_ta_sharing_get },
	{ "PUT", "/api/v1/reviews/{state}/phases/{n}/followup/sharing", SIGNED, CSRF,
	  api_ta_sharing_put },
	{ "GET", "/api/v1/reviews/{state}/phases/{n}/followup/disseminations", SIGNED, 0,
	  api_ta_disseminations },
	{ "POST", "/api/v1/reviews/{state}/phases/{n}/followup/disseminations", SIGNED, CSRF,
	  api_ta_disseminate },
	{ "GET", "/api/v1/reviews/{state}/phases/{n}/followup/needs/{key}", SIGNED, 0,
	  api_followup_need },
	{ "GET", "/reviews/{state}/phases/{n}/list", SIGNED, 0, page_list },
	{ "POST", "/reviews/{state}/phases/{n}/list/items", SIGNED, CSRF, page_list_item_post },
	{ "POST", "/reviews/{state}/phases/{n}/list/confidential", SIGNED, CSRF,
	  page_list_confidential_post },
	{ "POST", "/reviews/{state}/phases/{n}/list/agree", SIGNED, CSRF, page_list_agree_post },
	{ "GET", "/reviews/{state}/phases/{n}/list/crp/{wg}", SIGNED, 0, page_list_crp },
	{ "GET", "/reviews/{state}/phases/{n}/followup", SIGNED, 0, page_followup },
	{ "POST", "/reviews/{state}/phases/{n}/followup", SIGNED, CSRF, page_followup_post },
	/* undo: withdrawing a report from the public part, confirmed first. */
	{ "GET", "/reviews/{state}/phases/{n}/followup/reports/{id}/withdraw", SIGNED, 0,
	  page_report_withdraw },
	{ "POST", "/reviews/{state}/phases/{n}/followup/reports/{id}/withdraw", SIGNED, CSRF,
	  page_report_withdraw_post },
	/* ta: the providers' pages and the follow-up's forms (pages_taprov.c). */
	{ "GET", "/reviews/{state}/phases/{n}/followup/needs/{key}", SIGNED, 0, page_followup_need },
	{ "POST", "/reviews/{state}/phases/{n}/followup/sharing", SIGNED, CSRF, page_ta_sharing_post },
	{ "POST", "/reviews/{state}/phases/{n}/followup/disseminate", SIGNED, CSRF,
	  page_ta_disseminate_post },
	{ "GET", "/technical-assistance/providers", ACCESS_TA_PROVIDERS_READ, 0, page_ta_providers },
	{ "POST", "/technical-assistance/providers", ACCESS_TA_PROVIDERS_EDIT, CSRF,
	  page_ta_providers_post },
	{ "GET", "/technical-assistance/providers/{id}", ACCESS_TA_PROVIDERS_READ, 0,
	  page_ta_provider },
	{ "POST", "/technical-assistance/providers/{id}", ACCESS_TA_PROVIDERS_EDIT, CSRF,
	  page_ta_provider_post },
	{ "GET", "/technical-assistance", ACCESS_TA_AGGREGATE_READ, 0, page_ta_aggregate },
	{ "GET", "/technical-assistance/needs.csv", ACCESS_TA_AGGREGATE_READ, 0,
	  page_ta_aggregate_csv },
	/* responses: a document from the questionnaire page (issue 9), with
	 * the document's body cap (ROUTE_UPLOAD, WEB_MAX_UPLOAD). */
	{ "POST", "/reviews/{state}/phases/{n}/responses/{question}/attachments", SIGNED,
	  CSRF | ROUTE_UPLOAD, page_attachment_post },
	/* summ (issue 10): summaries, disclosure, the Secretariat's overview.
	 * Reading a summary may need no login (an official document once
	 * final, B18): those routes ask PROG (public) and the handler asks
	 * ACCESS_SUMMARY_READ of the summary; every other handler asks its
	 * artefact's rule (ACCESS_SUMMARY_*, ACCESS_DISCLOSURE_*). */
	{ "POST", "/api/v1/reviews/{state}/phases/{n}/summary/agree", SIGNED, CSRF,
	  api_summary_agree },
	/* outline (para 39): a corrigendum of an issued summary. */
	{ "POST", "/api/v1/reviews/{state}/phases/{n}/summary/corrigendum", SIGNED, CSRF,
	  api_summary_corrigendum },
	{ "GET", "/api/v1/reviews/{state}/phases/{n}/summary/{lang}", PROG, 0, api_summary_get },
	{ "PUT", "/api/v1/reviews/{state}/phases/{n}/summary/{lang}", SIGNED, CSRF, api_summary_put },
	{ "POST", "/api/v1/reviews/{state}/phases/{n}/summary/{lang}/status", SIGNED, CSRF,
	  api_summary_status },
	{ "GET", "/api/v1/reviews/{state}/phases/{n}/summary/{lang}/{format}", PROG, 0,
	  api_summary_file },
	{ "GET", "/api/v1/reviews/{state}/disclosures", SIGNED, 0, api_disclosures_get },
	{ "POST", "/api/v1/reviews/{state}/disclosures", SIGNED, CSRF, api_disclosures_post },
	{ "POST", "/api/v1/reviews/{state}/disclosures/publications", SIGNED, CSRF,
	  api_publications_post },
	/* undo (para 37, R98, R103): the Secretariat ends a publication. */
	{ "POST", "/api/v1/reviews/{state}/disclosures/publications/{id}/end", SIGNED, CSRF,
	  api_publication_end },
	/* (agree before {lang}: the first route of a method wins) */
	{ "POST", "/reviews/{state}/phases/{n}/summary/agree", SIGNED, CSRF, page_summary_agree_post },
	{ "POST", "/reviews/{state}/phases/{n}/summary/corrigendum", SIGNED, CSRF,
	  page_summary_corrigendum_post },
	{ "GET", "/reviews/{state}/phases/{n}/summary/{lang}", PUB, 0, page_summary },
	{ "POST", "/reviews/{state}/phases/{n}/summary/{lang}", SIGNED, CSRF, page_summary_post },
	{ "GET", "/reviews/{state}/phases/{n}/summary/{lang}/{format}", PUB, 0, page_summary_file },
	{ "GET", "/country/{state}/disclosures", SIGNED, 0, page_disclosures },
	{ "POST", "/country/{state}/disclosures", SIGNED, CSRF, page_disclosures_post },
	/* disc (para 37, R98): the Secretariat publishes under a portal request. */
	{ "POST", "/country/{state}/disclosures/publications", SIGNED, CSRF,
	  page_publications_post },
	/* undo: one publication and its end; ending it, confirmed first. */
	{ "GET", "/country/{state}/disclosures/publications/{id}", SIGNED, 0, page_publication },
	{ "GET", "/country/{state}/disclosures/publications/{id}/end", SIGNED, 0,
	  page_publication_end },
	{ "POST", "/country/{state}/disclosures/publications/{id}/end", SIGNED, CSRF,
	  page_publication_end_post },
	/* the public part of a review: what its State disclosed (paras 37, 41);
	 * the handlers ask ACCESS_RESPONSE_READ / _ATTACHMENT_READ per item. */
	{ "GET", "/reviews/{state}/disclosed", PROG, 0, page_disclosed },
	/* disc: the progress reports uploaded to the public part, no login. */
	{ "GET", "/api/v1/reviews/{state}/progress-reports", PROG, 0, api_progress_reports },
	{ "GET", "/reviews/{state}/disclosed/documents/{id}", PROG, 0, page_disclosed_document },
	/* public (F3): a document of a dialogue thread disclosed publicly. */
	{ "GET", "/reviews/{state}/disclosed/dialogue/{id}", PROG, 0, page_disclosed_dialogue_item },
	{ "GET", "/overview", ACCESS_OVERVIEW_READ, 0, page_overview },
	{ "GET", "/overview.csv", ACCESS_OVERVIEW_READ, 0, page_overview_csv },
	{ "GET", "/api/v1/overview", ACCESS_OVERVIEW_READ, 0, api_overview },
	/* gap10 item 5 (R109, R110): per working group, the CRPs released to
	 * it; each row asked of access/ (pages_wg.c). */
	{ "GET", "/working-groups", SIGNED, 0, page_wg_index },
	{ "GET", "/working-groups/{wg}", SIGNED, 0, page_wg },
	{ "GET", "/api/v1/working-groups/{wg}/documents", SIGNED, 0, api_wg_documents },
	/* api9 (issue 9): what the people and consultations forms of
	 * /country/{state} do, over the API; the handlers ask the pages'
	 * actions (ACCESS_REVIEW_READ, _FOCAL_POINT_NAME, _PEOPLE_EDIT,
	 * _CONSULTATIONS_*) of the review or of the State {of}. */
	{ "GET", "/api/v1/reviews/{state}/people", ACCESS_REVIEWS_LIST, 0, api_people_get },
	{ "PUT", "/api/v1/reviews/{state}/people/{of}/focal-point", ACCESS_REVIEWS_LIST, CSRF,
	  api_focal_point_put },
	{ "DELETE", "/api/v1/reviews/{state}/people/{of}/focal-point", ACCESS_REVIEWS_LIST, CSRF,
	  api_focal_point_delete },
	{ "PUT", "/api/v1/reviews/{state}/people/{of}/representative", ACCESS_REVIEWS_LIST, CSRF,
	  api_representative_put },
	{ "PUT", "/api/v1/reviews/{state}/people/{of}/experts/{email}", ACCESS_REVIEWS_LIST, CSRF,
	  api_expert_put },
	{ "DELETE", "/api/v1/reviews/{state}/people/{of}/experts/{email}", ACCESS_REVIEWS_LIST,
	  CSRF, api_expert_delete },
	{ "POST", "/api/v1/reviews/{state}/tasks", ACCESS_REVIEWS_LIST, CSRF, api_task_post },
	{ "DELETE", "/api/v1/reviews/{state}/tasks/{id}", ACCESS_REVIEWS_LIST, CSRF,
	  api_task_delete },
	{ "GET", "/api/v1/reviews/{state}/consultations", ACCESS_REVIEWS_LIST, 0,
	  api_consultations_get },
	{ "POST", "/api/v1/reviews/{state}/consultations", ACCESS_REVIEWS_LIST, CSRF,
	  api_consultations_post },
	{ "GET", "/api/v1/directory", PROG, 0, api_directory }, /* c44: as /directory */
	/* api9 (issue 9): the national consultations of para 23 (R75) and the
	 * comparison of two versions of an answer; the handlers ask
	 * ACCESS_RESPONSE_READ / _EDIT as the other responses routes. */
	{ "GET", "/api/v1/reviews/{state}/phases/{n}/consultations", SIGNED, 0,
	  api_national_consultations_get },
	{ "POST", "/api/v1/reviews/{state}/phases/{n}/consultations", SIGNED, CSRF,
	  api_national_consultations_post },
	{ "GET", "/api/v1/reviews/{state}/phases/{n}/responses/{question}/compare", SIGNED, 0,
	  api_response_compare },
	{ "POST", "/reviews/{state}/phases/{n}/consultations", SIGNED, CSRF,
	  page_national_consultation_post },
	{ "GET", "/reviews/{state}/phases/{n}/responses/{question}/compare", SIGNED, 0,
	  page_response_compare },
	/* params (issue 12, R38): the versions of the parameters of the
	 * drawing of lots and of the workplan are public decisions; recording
	 * one is the Secretariat's (session or API token). */
	{ "GET", "/lots/parameters", PROG, 0, page_lots_params },
	{ "POST", "/lots/parameters", ACCESS_PARAMS_RECORD, CSRF, page_lots_params_post },
	{ "GET", "/api/v1/lots/parameters", PROG, 0, api_lots_params },
	{ "POST", "/api/v1/lots/parameters", ACCESS_PARAMS_RECORD, CSRF, api_lots_params_post },
	/* q9 (issue 9): the UNCAC status of a phase and the Secretariat's
	 * override (C27; ACCESS_UNCAC_OVERRIDE, asked by the handlers), a
	 * reference to another review mechanism (R73; ACCESS_RESPONSE_EDIT),
	 * the completion (R76; ACCESS_RESPONSE_READ). */
	{ "GET", "/api/v1/reviews/{state}/phases/{n}/uncac", SIGNED, 0, api_uncac_get },
	{ "POST", "/api/v1/reviews/{state}/phases/{n}/uncac", SIGNED, CSRF, api_uncac_post },
	{ "POST", "/api/v1/reviews/{state}/phases/{n}/responses/{question}/references", SIGNED,
	  CSRF, api_reference_post },
	{ "GET", "/api/v1/reviews/{state}/phases/{n}/completion", SIGNED, 0, api_completion_get },
	{ "POST", "/reviews/{state}/phases/{n}/uncac", SIGNED, CSRF, page_uncac_post },
	{ "POST", "/reviews/{state}/phases/{n}/responses/{question}/references", SIGNED, CSRF,
	  page_reference_post },
	/* c44 (issue 9, C44): a State's directory setting; the handlers ask
	 * ACCESS_DIRECTORY_PUBLICITY_SET (its named focal point, or the
	 * Secretariat with the reference of its written request). */
	{ "POST", "/country/{state}/publicity", ACCESS_REVIEWS_LIST, CSRF, page_country_publicity },
	{ "POST", "/directory/publicity", SIGNED, CSRF, page_directory_publicity },
	{ "GET", "/api/v1/directory/{state}/publicity", PROG, 0, api_directory_publicity_get },
	{ "PUT", "/api/v1/directory/{state}/publicity", SIGNED, CSRF, api_directory_publicity_put },
	/* notif (issue 9): one's own notifications; the handlers ask
	 * ACCESS_NOTIFICATIONS_OWN of each owner. */
	{ "GET", "/notifications", SIGNED, 0, page_notifications },
	{ "POST", "/notifications/read", SIGNED, CSRF, page_notifications_read },
	{ "GET", "/api/v1/notifications", SIGNED, 0, api_notifications },
	{ "POST", "/api/v1/notifications/read", SIGNED, CSRF, api_notifications_read },
	/* optout (issue 12; C3, C34): opt-outs recorded after the draw and
	 * applied at a meeting, a cohorts-only drawing event; the
	 * Secretariat's, as every form of the drawing of lots. */
	{ "GET", "/lots/optout", ACCESS_DRAW_MANAGE, 0, page_lots_optout },
	{ "POST", "/lots/optout", ACCESS_DRAW_MANAGE, CSRF, page_lots_optout_post },
	{ "POST", "/lots/cohorts", ACCESS_DRAW_MANAGE, CSRF, page_lots_cohorts },
	/* sigkey (issue 10, R110, R111): the key that signs agreed summaries,
	 * public (PROG), so that `summary verify` checks a PDF against it. */
	{ "GET", "/api/v1/signing-key", PROG, 0, api_signing_key },
	{ "GET", "/signing-key", PROG, 0, page_signing_key },
	/* confirm (probe s8 F23, B18 "on request (support)"): the reviewed
	 * State asks the Secretariat's support on its drafts and ends it; the
	 * handlers ask ACCESS_RESPONSE_EDIT / _READ (pages_support.c). */
	{ "POST", "/reviews/{state}/phases/{n}/support", SIGNED, CSRF, page_support_post },
	{ "GET", "/api/v1/reviews/{state}/phases/{n}/support", SIGNED, 0, api_support_get },
	{ "POST", "/api/v1/reviews/{state}/phases/{n}/support", SIGNED, CSRF, api_support_post },
	/* chan (issue 10; para 33, R95-R97): channels between the experts of a
	 * review, asked for by them, set up or declined by the Secretariat;
	 * dialogue/channel.c asks ACCESS_CHANNEL_* of each.  No update or
	 * delete route exists. */
	{ "GET", "/reviews/{state}/phases/{n}/channels", SIGNED, 0, page_channels },
	{ "POST", "/reviews/{state}/phases/{n}/channels", SIGNED, CSRF, page_channel_request_post },
	{ "POST", "/reviews/{state}/phases/{n}/channels/{id}/decision", SIGNED, CSRF,
	  page_channel_decide_post },
	{ "GET", "/reviews/{state}/phases/{n}/channels/{id}", SIGNED, 0, page_channel },
	{ "POST", "/reviews/{state}/phases/{n}/channels/{id}", SIGNED, CSRF, page_channel_post },
	{ "GET", "/reviews/{state}/phases/{n}/channels/{id}/items/{item}", SIGNED, 0,
	  page_channel_item },
	{ "GET", "/api/v1/reviews/{state}/phases/{n}/channels", SIGNED, 0, api_channels },
	{ "POST", "/api/v1/reviews/{state}/phases/{n}/channels", SIGNED, CSRF, api_channel_request },
	{ "POST", "/api/v1/reviews/{state}/phases/{n}/channels/{id}/decision", SIGNED, CSRF,
	  api_channel_decide },
	{ "GET", "/api/v1/reviews/{state}/phases/{n}/channels/{id}", SIGNED, 0, api_channel_get },
	{ "POST", "/api/v1/reviews/{state}/phases/{n}/channels/{id}/messages", SIGNED, CSRF,
	  api_channel_post },
	{ "GET", "/api/v1/reviews/{state}/phases/{n}/channels/{id}/messages/{item}", SIGNED, 0,
	  api_channel_item },
};

int routes_is_return_page(const char *path)
{
	char copy[513], allow[64];
	const char *params[4];
	const struct route *r;
	size_t n = path ? strlen(path) : 0;
	if (n == 0 || n > 512 || path[0] != '/' || path[1] == '/' || strchr(path, '\\'))
		return 0;
	for (const char *p = path; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return 0;
	if (routes_find("GET", path, copy, &r, params, allow, sizeof allow) != ROUTE_FOUND)
		return 0;
	return !(r->flags & ROUTE_NO_STORE) && strncmp(path, "/api/", 5) != 0 &&
	       strncmp(path, "/login", 6) != 0 && strncmp(path, "/invite/", 8) != 0 &&
	       strncmp(path, "/reset/", 7) != 0;
}

const struct route *routes_table(size_t *n)
{
	*n = sizeof table / sizeof table[0];
	return table;
}

/* Whether path matches pattern segment by segment.  On a match the {...}
 * segments are cut in place (path is the caller's copy) into params. */
static int match(const char *pattern, char *path, const char *params[4])
{
	char *seg[4];
	size_t segl[4], np = 0;
	const char *p = pattern;
	char *q = path;
	if (*p != '/' || *q != '/')
		return 0;
	while (*p == '/' && *q == '/') {
		p++;
		q++;
		size_t plen = strcspn(p, "/"), qlen = strcspn(q, "/");
		if (plen >= 2 && p[0] == '{' && p[plen - 1] == '}') {
			if (qlen == 0 || np >= 4)
				return 0;
			seg[np] = q;
			segl[np++] = qlen;
		} else if (plen != qlen || memcmp(p, q, plen) != 0) {
			return 0;
		}
		p += plen;
		q += qlen;
	}
	if (*p || *q)
		return 0;
	for (size_t i = 0; i < np; i++) {
		seg[i][segl[i]] = '\0';
		params[i] = seg[i];
	}
	return 1;
}

static void allow_add(char *allow, size_t len, const char *m)
{
	if (strstr(allow, m))
		return;
	size_t n = strlen(allow);
	snprintf(allow + n, len - n, "%s%s", n ? ", " : "", m);
}

enum route_match routes_find(const char *method, const char *path, char *path_copy,
			     const struct route **out, const char *params[4], char *allow,
			     size_t allowlen)
{
	int path_known = 0;
	size_t plen = strlen(path);
	*out = NULL;
	if (allow && allowlen)
		allow[0] = '\0';
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
		const char *tmp[4] = { NULL, NULL, NULL, NULL };
		memcpy(path_copy, path, plen + 1);
		if (!match(table[i].pattern, path_copy, tmp))
			continue;
		path_known = 1;
		if (strcmp(method, table[i].method) == 0) {
			*out = &table[i];
			memcpy(params, tmp, sizeof tmp);
			return ROUTE_FOUND;
		}
		if (allow && allowlen) {
			allow_add(allow, allowlen, table[i].method);
			if (strcmp(table[i].method, "GET") == 0)
				allow_add(allow, allowlen, "HEAD");
		}
	}
	return path_known ? ROUTE_NO_METHOD : ROUTE_NO_PATH;
}
