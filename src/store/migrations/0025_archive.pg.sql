-- 0025_archive, PostgreSQL part: records, tree nodes and heads are
-- append-only (trigger syntax differs); TRUNCATE is refused too.
CREATE FUNCTION archive_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER archive_records_no_update BEFORE UPDATE ON archive_records
	FOR EACH ROW EXECUTE FUNCTION archive_append_only();
CREATE TRIGGER archive_records_no_delete BEFORE DELETE ON archive_records
	FOR EACH ROW EXECUTE FUNCTION archive_append_only();
CREATE TRIGGER archive_records_no_truncate BEFORE TRUNCATE ON archive_records
	FOR EACH STATEMENT EXECUTE FUNCTION archive_append_only();
CREATE TRIGGER archive_nodes_no_update BEFORE UPDATE ON archive_nodes
	FOR EACH ROW EXECUTE FUNCTION archive_append_only();
CREATE TRIGGER archive_nodes_no_delete BEFORE DELETE ON archive_nodes
	FOR EACH ROW EXECUTE FUNCTION archive_append_only();
CREATE TRIGGER archive_nodes_no_truncate BEFORE TRUNCATE ON archive_nodes
	FOR EACH STATEMENT EXECUTE FUNCTION archive_append_only();
CREATE TRIGGER archive_heads_no_update BEFORE UPDATE ON archive_heads
	FOR EACH ROW EXECUTE FUNCTION archive_append_only();
CREATE TRIGGER archive_heads_no_delete BEFORE DELETE ON archive_heads
	FOR EACH ROW EXECUTE FUNCTION archive_append_only();
CREATE TRIGGER archive_heads_no_truncate BEFORE TRUNCATE ON archive_heads
	FOR EACH STATEMENT EXECUTE FUNCTION archive_append_only();
