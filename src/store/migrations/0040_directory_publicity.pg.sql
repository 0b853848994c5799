-- 0040_directory_publicity, PostgreSQL part: the log of directory
-- settings is never changed nor removed; TRUNCATE is refused too.
CREATE FUNCTION directory_publicity_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER directory_publicity_no_update BEFORE UPDATE OR DELETE ON directory_publicity
	FOR EACH ROW EXECUTE FUNCTION directory_publicity_append_only();
CREATE TRIGGER directory_publicity_no_truncate BEFORE TRUNCATE ON directory_publicity
	FOR EACH STATEMENT EXECUTE FUNCTION directory_publicity_append_only();
