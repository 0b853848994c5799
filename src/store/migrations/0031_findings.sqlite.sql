-- 0031_findings, SQLite part: versions, items, decisions, agreements and
-- follow-up records are never changed nor removed (no data is ever lost).
CREATE TRIGGER obs_list_versions_no_update BEFORE UPDATE ON obs_list_versions
BEGIN
	SELECT RAISE(ABORT, 'obs_list_versions is append-only');
END;
CREATE TRIGGER obs_list_versions_no_delete BEFORE DELETE ON obs_list_versions
BEGIN
	SELECT RAISE(ABORT, 'obs_list_versions is append-only');
END;
CREATE TRIGGER obs_items_no_update BEFORE UPDATE ON obs_items
BEGIN
	SELECT RAISE(ABORT, 'obs_items is append-only');
END;
CREATE TRIGGER obs_items_no_delete BEFORE DELETE ON obs_items
BEGIN
	SELECT RAISE(ABORT, 'obs_items is append-only');
END;
CREATE TRIGGER obs_confidential_no_update BEFORE UPDATE ON obs_confidential
BEGIN
	SELECT RAISE(ABORT, 'obs_confidential is append-only');
END;
CREATE TRIGGER obs_confidential_no_delete BEFORE DELETE ON obs_confidential
BEGIN
	SELECT RAISE(ABORT, 'obs_confidential is append-only');
END;
CREATE TRIGGER obs_agreements_no_update BEFORE UPDATE ON obs_agreements
BEGIN
	SELECT RAISE(ABORT, 'obs_agreements is append-only');
END;
CREATE TRIGGER obs_agreements_no_delete BEFORE DELETE ON obs_agreements
BEGIN
	SELECT RAISE(ABORT, 'obs_agreements is append-only');
END;
CREATE TRIGGER ta_status_no_update BEFORE UPDATE ON ta_status
BEGIN
	SELECT RAISE(ABORT, 'ta_status is append-only');
END;
CREATE TRIGGER ta_status_no_delete BEFORE DELETE ON ta_status
BEGIN
	SELECT RAISE(ABORT, 'ta_status is append-only');
END;
CREATE TRIGGER ta_requests_no_update BEFORE UPDATE ON ta_requests
BEGIN
	SELECT RAISE(ABORT, 'ta_requests is append-only');
END;
CREATE TRIGGER ta_requests_no_delete BEFORE DELETE ON ta_requests
BEGIN
	SELECT RAISE(ABORT, 'ta_requests is append-only');
END;
CREATE TRIGGER followup_reports_no_update BEFORE UPDATE ON followup_reports
BEGIN
	SELECT RAISE(ABORT, 'followup_reports is append-only');
END;
CREATE TRIGGER followup_reports_no_delete BEFORE DELETE ON followup_reports
BEGIN
	SELECT RAISE(ABORT, 'followup_reports is append-only');
END;
