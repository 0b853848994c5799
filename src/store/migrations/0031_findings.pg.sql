-- 0031_findings, PostgreSQL part: the same tables append-only, TRUNCATE too.
CREATE FUNCTION findings_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER obs_list_versions_no_update BEFORE UPDATE OR DELETE ON obs_list_versions
	FOR EACH ROW EXECUTE FUNCTION findings_append_only();
CREATE TRIGGER obs_list_versions_no_truncate BEFORE TRUNCATE ON obs_list_versions
	FOR EACH STATEMENT EXECUTE FUNCTION findings_append_only();
CREATE TRIGGER obs_items_no_update BEFORE UPDATE OR DELETE ON obs_items
	FOR EACH ROW EXECUTE FUNCTION findings_append_only();
CREATE TRIGGER obs_items_no_truncate BEFORE TRUNCATE ON obs_items
	FOR EACH STATEMENT EXECUTE FUNCTION findings_append_only();
CREATE TRIGGER obs_confidential_no_update BEFORE UPDATE OR DELETE ON obs_confidential
	FOR EACH ROW EXECUTE FUNCTION findings_append_only();
CREATE TRIGGER obs_confidential_no_truncate BEFORE TRUNCATE ON obs_confidential
	FOR EACH STATEMENT EXECUTE FUNCTION findings_append_only();
CREATE TRIGGER obs_agreements_no_update BEFORE UPDATE OR DELETE ON obs_agreements
	FOR EACH ROW EXECUTE FUNCTION findings_append_only();
CREATE TRIGGER obs_agreements_no_truncate BEFORE TRUNCATE ON obs_agreements
	FOR EACH STATEMENT EXECUTE FUNCTION findings_append_only();
CREATE TRIGGER ta_status_no_update BEFORE UPDATE OR DELETE ON ta_status
	FOR EACH ROW EXECUTE FUNCTION findings_append_only();
CREATE TRIGGER ta_status_no_truncate BEFORE TRUNCATE ON ta_status
	FOR EACH STATEMENT EXECUTE FUNCTION findings_append_only();
CREATE TRIGGER ta_requests_no_update BEFORE UPDATE OR DELETE ON ta_requests
	FOR EACH ROW EXECUTE FUNCTION findings_append_only();
CREATE TRIGGER ta_requests_no_truncate BEFORE TRUNCATE ON ta_requests
	FOR EACH STATEMENT EXECUTE FUNCTION findings_append_only();
CREATE TRIGGER followup_reports_no_update BEFORE UPDATE OR DELETE ON followup_reports
	FOR EACH ROW EXECUTE FUNCTION findings_append_only();
CREATE TRIGGER followup_reports_no_truncate BEFORE TRUNCATE ON followup_reports
	FOR EACH STATEMENT EXECUTE FUNCTION findings_append_only();
