-- 0025_archive, SQLite part: records, tree nodes and heads are append-only
-- (trigger syntax differs).
CREATE TRIGGER archive_records_no_update BEFORE UPDATE ON archive_records
BEGIN
	SELECT RAISE(ABORT, 'archive_records is append-only');
END;
CREATE TRIGGER archive_records_no_delete BEFORE DELETE ON archive_records
BEGIN
	SELECT RAISE(ABORT, 'archive_records is append-only');
END;
CREATE TRIGGER archive_nodes_no_update BEFORE UPDATE ON archive_nodes
BEGIN
	SELECT RAISE(ABORT, 'archive_nodes is append-only');
END;
CREATE TRIGGER archive_nodes_no_delete BEFORE DELETE ON archive_nodes
BEGIN
	SELECT RAISE(ABORT, 'archive_nodes is append-only');
END;
CREATE TRIGGER archive_heads_no_update BEFORE UPDATE ON archive_heads
BEGIN
	SELECT RAISE(ABORT, 'archive_heads is append-only');
END;
CREATE TRIGGER archive_heads_no_delete BEFORE DELETE ON archive_heads
BEGIN
	SELECT RAISE(ABORT, 'archive_heads is append-only');
END;
