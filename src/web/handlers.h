/* handlers.h - the handlers the route table names, one group per file.
 * Each fills rs from rq; the access rule of its route has been checked. */
#ifndef RM_WEB_HANDLERS_H
#define RM_WEB_HANDLERS_H

#include "web/http.h"

/* static.c: assets loaded at start-up, health check, favicon. */
void static_serve(struct web_req *rq, struct web_resp *rs);
void static_healthz(struct web_req *rq, struct web_resp *rs);
void static_favicon(struct web_req *rq, struct web_resp *rs);

/* pages_public.c: home, login (password, then TOTP), logout, invitations. */
void page_home(struct web_req *rq, struct web_resp *rs);
void page_login(struct web_req *rq, struct web_resp *rs);
void page_login_post(struct web_req *rq, struct web_resp *rs);
void page_totp(struct web_req *rq, struct web_resp *rs);
void page_totp_post(struct web_req *rq, struct web_resp *rs);
void page_logout(struct web_req *rq, struct web_resp *rs);
void page_invite(struct web_req *rq, struct web_resp *rs);
void page_invite_post(struct web_req *rq, struct web_resp *rs);

/* pages_reset.c: a forgotten password (request, e-mailed link). */
void page_forgot(struct web_req *rq, struct web_resp *rs);
void page_forgot_post(struct web_req *rq, struct web_resp *rs);
void page_reset(struct web_req *rq, struct web_resp *rs);
void page_reset_post(struct web_req *rq, struct web_resp *rs);

/* pages_reviews.c: the dashboard and its reviews. */
void page_dashboard(struct web_req *rq, struct web_resp *rs);

/* pages_programme.c: the programme as published (public). */
void page_programme(struct web_req *rq, struct web_resp *rs);
void page_programme_csv(struct web_req *rq, struct web_resp *rs);
void page_draw(struct web_req *rq, struct web_resp *rs);
void page_draw_document(struct web_req *rq, struct web_resp *rs);
void page_draw_roster(struct web_req *rq, struct web_resp *rs);
void page_review(struct web_req *rq, struct web_resp *rs);
void api_programme(struct web_req *rq, struct web_resp *rs);

/* pages_draws.c: the drawing of lots held by the Secretariat (issue 12). */
void page_lots(struct web_req *rq, struct web_resp *rs);
void page_lots_prepare(struct web_req *rq, struct web_resp *rs);
void page_lots_hold(struct web_req *rq, struct web_resp *rs);
void page_lots_redraw(struct web_req *rq, struct web_resp *rs);
void page_lots_decision(struct web_req *rq, struct web_resp *rs);
/* pages_lotsev.c: the programme over time and a draw held by hand (issue
 * 12, lotsev): meetings, drawing events, late parties, Protocols, carried
 * slots, the upload of a hand-drawn result, R66's languages; and the
 * changes shown on the public drawing-event pages. */
void page_lots_programme(struct web_req *rq, struct web_resp *rs);
void page_lots_meeting(struct web_req *rq, struct web_resp *rs);
void page_lots_event(struct web_req *rq, struct web_resp *rs);
void page_lots_join(struct web_req *rq, struct web_resp *rs);
void page_lots_protocol(struct web_req *rq, struct web_resp *rs);
void page_lots_request(struct web_req *rq, struct web_resp *rs);   /* events_order.c */
void page_lots_close(struct web_req *rq, struct web_resp *rs);
void page_lots_apply(struct web_req *rq, struct web_resp *rs);
void page_lots_manual(struct web_req *rq, struct web_resp *rs);
void page_lots_manual_post(struct web_req *rq, struct web_resp *rs);
void page_lots_consider(struct web_req *rq, struct web_resp *rs);
void page_draw_ops(struct web_req *rq, struct web_resp *rs);
void pages_draw_ops_section(struct web_req *rq, struct buf *b, int64_t draw_id, int64_t event_id);
/* pages_optout.c: opt-outs after the draw, a cohorts-only drawing event
 * (issue 12; C3, C34). */
void page_lots_optout(struct web_req *rq, struct web_resp *rs);
void page_lots_optout_post(struct web_req *rq, struct web_resp *rs);
void page_lots_cohorts(struct web_req *rq, struct web_resp *rs);

/* pages_account.c: the signed-in user's own account. */
void page_account(struct web_req *rq, struct web_resp *rs);
void page_account_lang(struct web_req *rq, struct web_resp *rs);
void page_account_profile(struct web_req *rq, struct web_resp *rs);
void page_account_password(struct web_req *rq, struct web_resp *rs);
void page_totp_start(struct web_req *rq, struct web_resp *rs);
void page_totp_enable(struct web_req *rq, struct web_resp *rs);
void page_totp_disable(struct web_req *rq, struct web_resp *rs);
void page_token_create(struct web_req *rq, struct web_resp *rs);
void page_token_revoke(struct web_req *rq, struct web_resp *rs);

/* pages_admin.c: the Secretariat's users and invitations. */
void page_users(struct web_req *rq, struct web_resp *rs);
void page_invite_create(struct web_req *rq, struct web_resp *rs);
void page_invite_csv(struct web_req *rq, struct web_resp *rs);
void page_invite_revoke(struct web_req *rq, struct web_resp *rs);
void page_invite_resend(struct web_req *rq, struct web_resp *rs);
void page_user_totp(struct web_req *rq, struct web_resp *rs);
void page_user_disable(struct web_req *rq, struct web_resp *rs);
void page_user_totp_reset(struct web_req *rq, struct web_resp *rs);

/* pages_audit.c: the Secretariat's view of the audit log. */
void page_audit(struct web_req *rq, struct web_resp *rs);

/* pages_country.c: country reviews for their participants (issue 9). */
void page_country(struct web_req *rq, struct web_resp *rs);
void page_country_focal(struct web_req *rq, struct web_resp *rs);
void page_country_representative(struct web_req *rq, struct web_resp *rs);
void page_country_experts(struct web_req *rq, struct web_resp *rs);
void page_country_tasks(struct web_req *rq, struct web_resp *rs);
void page_country_consultations(struct web_req *rq, struct web_resp *rs);
void page_directory(struct web_req *rq, struct web_resp *rs);
/* c44 (C44): a State's directory setting (pages_people.c, api_people.c). */
void page_country_publicity(struct web_req *rq, struct web_resp *rs);
void page_directory_publicity(struct web_req *rq, struct web_resp *rs);
void api_directory_publicity_get(struct web_req *rq, struct web_resp *rs);
void api_directory_publicity_put(struct web_req *rq, struct web_resp *rs);
void api_country_review(struct web_req *rq, struct web_resp *rs);

/* api.c: the JSON API under /api/v1/ (docs/openapi.yaml). */
void api_me(struct web_req *rq, struct web_resp *rs);
void api_reviews(struct web_req *rq, struct web_resp *rs);
void api_tokens_list(struct web_req *rq, struct web_resp *rs);
void api_tokens_create(struct web_req *rq, struct web_resp *rs);
void api_tokens_delete(struct web_req *rq, struct web_resp *rs);

/* api_archive.c: the archive's signed tree head and proofs (issue 10). */
void api_archive_head(struct web_req *rq, struct web_resp *rs);
void api_archive_consistency(struct web_req *rq, struct web_resp *rs);
void api_archive_inclusion(struct web_req *rq, struct web_resp *rs);
/* api_response.c: questionnaires, responses, documents, submission
 * (issue 9). */
void api_questionnaire(struct web_req *rq, struct web_resp *rs);
void api_questionnaire_open(struct web_req *rq, struct web_resp *rs);
void api_responses(struct web_req *rq, struct web_resp *rs);
void api_response_get(struct web_req *rq, struct web_resp *rs);
void api_response_put(struct web_req *rq, struct web_resp *rs);
void api_attachment_post(struct web_req *rq, struct web_resp *rs);
void api_submit(struct web_req *rq, struct web_resp *rs);
void api_note(struct web_req *rq, struct web_resp *rs);
void api_attachment_get(struct web_req *rq, struct web_resp *rs);
/* pages_response.c: the questionnaire pages (issue 9). */
void page_responses(struct web_req *rq, struct web_resp *rs);
void page_response_post(struct web_req *rq, struct web_resp *rs);
void page_response_history(struct web_req *rq, struct web_resp *rs);
void page_submit_post(struct web_req *rq, struct web_resp *rs);
void page_note_post(struct web_req *rq, struct web_resp *rs);
/* pages_response.c: a document uploaded from the questionnaire page
 * (multipart/form-data, route marked ROUTE_UPLOAD). */
void page_attachment_post(struct web_req *rq, struct web_resp *rs);
/* api_dialogue.c, pages_dialogue.c: the written dialogue and the written
 * observations (issue 10). */
void api_messages(struct web_req *rq, struct web_resp *rs);
void api_message_post(struct web_req *rq, struct web_resp *rs);
void api_message_attach(struct web_req *rq, struct web_resp *rs);
void api_message_get(struct web_req *rq, struct web_resp *rs);
void api_observations(struct web_req *rq, struct web_resp *rs);
void api_observation_post(struct web_req *rq, struct web_resp *rs);
/* pages_dialogue.c (nav, issue 10): a document sent from the dialogue
 * page (multipart/form-data, route marked ROUTE_UPLOAD). */
void page_dialogue_document_post(struct web_req *rq, struct web_resp *rs);
void page_dialogue(struct web_req *rq, struct web_resp *rs);
void page_dialogue_post(struct web_req *rq, struct web_resp *rs);
void page_observations(struct web_req *rq, struct web_resp *rs);
void page_observation_post(struct web_req *rq, struct web_resp *rs);

/* list (issue 10): lists of observations, CRP, follow-up.
 * api_list.c: the JSON API. */
void api_list_get(struct web_req *rq, struct web_resp *rs);
void api_list_put(struct web_req *rq, struct web_resp *rs);
void api_list_agree(struct web_req *rq, struct web_resp *rs);
void api_list_confidential(struct web_req *rq, struct web_resp *rs);
void api_list_crp(struct web_req *rq, struct web_resp *rs);
void api_followup_get(struct web_req *rq, struct web_resp *rs);
void api_followup_status(struct web_req *rq, struct web_resp *rs);
void api_followup_report(struct web_req *rq, struct web_resp *rs);
void api_followup_request(struct web_req *rq, struct web_resp *rs);
void api_ta_aggregate(struct web_req *rq, struct web_resp *rs);
/* pages_list.c: the list's page (draft items, keep confidential, agree),
 * the CRP page, the follow-up page and the aggregate (page and CSV). */
void page_list(struct web_req *rq, struct web_resp *rs);
void page_list_item_post(struct web_req *rq, struct web_resp *rs);
void page_list_confidential_post(struct web_req *rq, struct web_resp *rs);
void page_list_agree_post(struct web_req *rq, struct web_resp *rs);
void page_list_crp(struct web_req *rq, struct web_resp *rs);
void page_followup(struct web_req *rq, struct web_resp *rs);
void page_followup_post(struct web_req *rq, struct web_resp *rs);
void page_ta_aggregate(struct web_req *rq, struct web_resp *rs);
void page_ta_aggregate_csv(struct web_req *rq, struct web_resp *rs);
/* ta (issue 10; R116, R117, R122): pages_taprov.c (the aggregate pages
 * above are there too) and api_taprov.c. */
void page_ta_providers(struct web_req *rq, struct web_resp *rs);
void page_ta_providers_post(struct web_req *rq, struct web_resp *rs);
void page_ta_provider(struct web_req *rq, struct web_resp *rs);
void page_ta_provider_post(struct web_req *rq, struct web_resp *rs);
void page_ta_sharing_post(struct web_req *rq, struct web_resp *rs);
void page_ta_disseminate_post(struct web_req *rq, struct web_resp *rs);
void page_followup_need(struct web_req *rq, struct web_resp *rs);
void api_ta_providers(struct web_req *rq, struct web_resp *rs);
void api_ta_provider_add(struct web_req *rq, struct web_resp *rs);
void api_ta_provider_get(struct web_req *rq, struct web_resp *rs);
void api_ta_provider_put(struct web_req *rq, struct web_resp *rs);
void api_ta_sharing_get(struct web_req *rq, struct web_resp *rs);
void api_ta_sharing_put(struct web_req *rq, struct web_resp *rs);
void api_ta_disseminations(struct web_req *rq, struct web_resp *rs);
void api_ta_disseminate(struct web_req *rq, struct web_resp *rs);
void api_followup_need(struct web_req *rq, struct web_resp *rs);
/* summ (issue 10): pages_summary.c (summaries), api_summary.c (their
 * API and disclosures), pages_overview.c (the Secretariat's overview). */
void page_summary(struct web_req *rq, struct web_resp *rs);
void page_summary_post(struct web_req *rq, struct web_resp *rs);
void page_summary_agree_post(struct web_req *rq, struct web_resp *rs);
void page_summary_file(struct web_req *rq, struct web_resp *rs);
void page_disclosures(struct web_req *rq, struct web_resp *rs);
void page_disclosures_post(struct web_req *rq, struct web_resp *rs);
void page_publications_post(struct web_req *rq, struct web_resp *rs); /* pages_disclosures.c */
void api_summary_get(struct web_req *rq, struct web_resp *rs);
void api_summary_put(struct web_req *rq, struct web_resp *rs);
void api_summary_status(struct web_req *rq, struct web_resp *rs);
void api_summary_agree(struct web_req *rq, struct web_resp *rs);
void api_summary_file(struct web_req *rq, struct web_resp *rs);
void api_summary_corrigendum(struct web_req *rq, struct web_resp *rs);
void page_summary_corrigendum_post(struct web_req *rq, struct web_resp *rs);
/* outline (paras 15, 38; R108, R112): pages_blueprint.c, the blueprint of
 * lists and summaries, its page and API. */
void page_blueprint(struct web_req *rq, struct web_resp *rs);
void page_blueprint_post(struct web_req *rq, struct web_resp *rs);
void api_blueprint_get(struct web_req *rq, struct web_resp *rs);
void api_blueprint_put(struct web_req *rq, struct web_resp *rs);
void api_disclosures_get(struct web_req *rq, struct web_resp *rs);
void api_disclosures_post(struct web_req *rq, struct web_resp *rs);
void api_publications_post(struct web_req *rq, struct web_resp *rs);
void api_progress_reports(struct web_req *rq, struct web_resp *rs);  /* api_summary.c */
void api_followup_report_public(struct web_req *rq, struct web_resp *rs); /* api_list.c */
void page_overview(struct web_req *rq, struct web_resp *rs);
void page_overview_csv(struct web_req *rq, struct web_resp *rs);
/* api_overview.c (R140): the overview as JSON. */
void api_overview(struct web_req *rq, struct web_resp *rs);
/* pages_wg.c (R109, R110): what the working groups have received. */
void page_wg_index(struct web_req *rq, struct web_resp *rs);
void page_wg(struct web_req *rq, struct web_resp *rs);
void api_wg_documents(struct web_req *rq, struct web_resp *rs);
void page_disclosed(struct web_req *rq, struct web_resp *rs);   /* pages_disclosed.c */
void page_disclosed_document(struct web_req *rq, struct web_resp *rs);
void page_disclosed_dialogue_item(struct web_req *rq, struct web_resp *rs); /* pages_disclosed.c */

/* api_people.c: the people and consultations of a review over the API
 * (issue 9, api9). */
void api_people_get(struct web_req *rq, struct web_resp *rs);
void api_focal_point_put(struct web_req *rq, struct web_resp *rs);
void api_focal_point_delete(struct web_req *rq, struct web_resp *rs);
void api_representative_put(struct web_req *rq, struct web_resp *rs);
void api_expert_put(struct web_req *rq, struct web_resp *rs);
void api_expert_delete(struct web_req *rq, struct web_resp *rs);
void api_task_post(struct web_req *rq, struct web_resp *rs);
void api_task_delete(struct web_req *rq, struct web_resp *rs);
void api_consultations_get(struct web_req *rq, struct web_resp *rs);
void api_consultations_post(struct web_req *rq, struct web_resp *rs);
void api_directory(struct web_req *rq, struct web_resp *rs);
/* National consultations (R75) and the comparison of two versions of an
 * answer (api_response.c, pages_response.c; api9). */
void api_national_consultations_get(struct web_req *rq, struct web_resp *rs);
void api_national_consultations_post(struct web_req *rq, struct web_resp *rs);
void api_response_compare(struct web_req *rq, struct web_resp *rs);
void page_national_consultation_post(struct web_req *rq, struct web_resp *rs);
void page_response_compare(struct web_req *rq, struct web_resp *rs);
/* pages_params.c (issue 12, R38): the versions of the parameters of the
 * drawing of lots and of the workplan, the form and API that record one,
 * and the version in force as a section of the public programme page. */
void page_lots_params(struct web_req *rq, struct web_resp *rs);
void page_lots_params_post(struct web_req *rq, struct web_resp *rs);
void api_lots_params(struct web_req *rq, struct web_resp *rs);
void api_lots_params_post(struct web_req *rq, struct web_resp *rs);
void pages_params_in_force(struct web_req *rq, struct buf *b);
/* q9 (issue 9; C27, R40, R43, R73, R76): the UNCAC override, references
 * to other review mechanisms, completion (api_respq9.c, pages_respq9.c). */
void api_uncac_get(struct web_req *rq, struct web_resp *rs);
void api_uncac_post(struct web_req *rq, struct web_resp *rs);
void api_reference_post(struct web_req *rq, struct web_resp *rs);
void api_completion_get(struct web_req *rq, struct web_resp *rs);
void page_uncac_post(struct web_req *rq, struct web_resp *rs);
void page_reference_post(struct web_req *rq, struct web_resp *rs);

/* pages_notify.c: the signed-in user's own notifications (issue 9, notif). */
void page_notifications(struct web_req *rq, struct web_resp *rs);
void page_notifications_read(struct web_req *rq, struct web_resp *rs);
void api_notifications(struct web_req *rq, struct web_resp *rs);
void api_notifications_read(struct web_req *rq, struct web_resp *rs);

/* undo (issue 10, gap "undoing"; R98, R103, R104): the Secretariat ends a
 * portal publication, the focal point withdraws a progress report from
 * the public part (pages_portal.c, api_portal.c). */
void page_publication(struct web_req *rq, struct web_resp *rs);
void page_publication_end(struct web_req *rq, struct web_resp *rs);
void page_publication_end_post(struct web_req *rq, struct web_resp *rs);
void page_report_withdraw(struct web_req *rq, struct web_resp *rs);
void page_report_withdraw_post(struct web_req *rq, struct web_resp *rs);
void api_publication_end(struct web_req *rq, struct web_resp *rs);
void api_report_withdraw(struct web_req *rq, struct web_resp *rs);
/* api_signkey.c (issue 10, sigkey; R110, R111): the Secretariat's summary
 * signing key, published with no login (JSON and a page). */
void api_signing_key(struct web_req *rq, struct web_resp *rs);
void page_signing_key(struct web_req *rq, struct web_resp *rs);
/* confirm (probe s8 F23): support on the drafts (pages_support.c). */
void page_support_post(struct web_req *rq, struct web_resp *rs);
void api_support_get(struct web_req *rq, struct web_resp *rs);
/* chan (issue 10; para 33; docs/channels.md): channels between experts,
 * pages_channel.c and api_channel.c. */
void page_channels(struct web_req *rq, struct web_resp *rs);
void page_channel_request_post(struct web_req *rq, struct web_resp *rs);
void page_channel_decide_post(struct web_req *rq, struct web_resp *rs);
void page_channel(struct web_req *rq, struct web_resp *rs);
void page_channel_post(struct web_req *rq, struct web_resp *rs);
void page_channel_item(struct web_req *rq, struct web_resp *rs);
void api_channels(struct web_req *rq, struct web_resp *rs);
void api_channel_request(struct web_req *rq, struct web_resp *rs);
void api_channel_decide(struct web_req *rq, struct web_resp *rs);
void api_channel_get(struct web_req *rq, struct web_resp *rs);
void api_channel_post(struct web_req *rq, struct web_resp *rs);
void api_channel_item(struct web_req *rq, struct web_resp *rs);
void api_support_post(struct web_req *rq, struct web_resp *rs);

#endif
