-- 0032_disclosures, PostgreSQL part: the log of disclosure choices is
-- never changed nor removed; TRUNCATE is refused too.
CREATE FUNCTION disclosures_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER disclosures_no_update BEFORE UPDATE OR DELETE ON disclosures
	FOR EACH ROW EXECUTE FUNCTION disclosures_append_only();
CREATE TRIGGER disclosures_no_truncate BEFORE TRUNCATE ON disclosures
	FOR EACH STATEMENT EXECUTE FUNCTION disclosures_append_only();
