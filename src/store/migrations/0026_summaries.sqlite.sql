-- 0026_summaries, SQLite part: texts, events and agreements are never
-- changed nor removed (R97 spirit: no data is ever lost).
CREATE TRIGGER summary_versions_no_update BEFORE UPDATE ON summary_versions
BEGIN
	SELECT RAISE(ABORT, 'summary_versions is append-only');
END;
CREATE TRIGGER summary_versions_no_delete BEFORE DELETE ON summary_versions
BEGIN
	SELECT RAISE(ABORT, 'summary_versions is append-only');
END;
CREATE TRIGGER summary_events_no_update BEFORE UPDATE ON summary_events
BEGIN
	SELECT RAISE(ABORT, 'summary_events is append-only');
END;
CREATE TRIGGER summary_events_no_delete BEFORE DELETE ON summary_events
BEGIN
	SELECT RAISE(ABORT, 'summary_events is append-only');
END;
CREATE TRIGGER summary_agreements_no_update BEFORE UPDATE ON summary_agreements
BEGIN
	SELECT RAISE(ABORT, 'summary_agreements is append-only');
END;
CREATE TRIGGER summary_agreements_no_delete BEFORE DELETE ON summary_agreements
BEGIN
	SELECT RAISE(ABORT, 'summary_agreements is append-only');
END;
