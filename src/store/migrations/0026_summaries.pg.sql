-- 0026_summaries, PostgreSQL part: texts, events and agreements are never
-- changed nor removed; TRUNCATE is refused too.
CREATE FUNCTION summary_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER summary_versions_no_update BEFORE UPDATE OR DELETE ON summary_versions
	FOR EACH ROW EXECUTE FUNCTION summary_append_only();
CREATE TRIGGER summary_versions_no_truncate BEFORE TRUNCATE ON summary_versions
	FOR EACH STATEMENT EXECUTE FUNCTION summary_append_only();
CREATE TRIGGER summary_events_no_update BEFORE UPDATE OR DELETE ON summary_events
	FOR EACH ROW EXECUTE FUNCTION summary_append_only();
CREATE TRIGGER summary_events_no_truncate BEFORE TRUNCATE ON summary_events
	FOR EACH STATEMENT EXECUTE FUNCTION summary_append_only();
CREATE TRIGGER summary_agreements_no_update BEFORE UPDATE OR DELETE ON summary_agreements
	FOR EACH ROW EXECUTE FUNCTION summary_append_only();
CREATE TRIGGER summary_agreements_no_truncate BEFORE TRUNCATE ON summary_agreements
	FOR EACH STATEMENT EXECUTE FUNCTION summary_append_only();
