-- 0040_directory_publicity, SQLite part: the log of directory settings is
-- never changed nor removed (who changed what, and when, stays).
CREATE TRIGGER directory_publicity_no_update BEFORE UPDATE ON directory_publicity
BEGIN
	SELECT RAISE(ABORT, 'directory_publicity is append-only');
END;
CREATE TRIGGER directory_publicity_no_delete BEFORE DELETE ON directory_publicity
BEGIN
	SELECT RAISE(ABORT, 'directory_publicity is append-only');
END;
