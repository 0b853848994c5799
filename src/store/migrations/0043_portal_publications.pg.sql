-- 0043_portal_publications, PostgreSQL part: neither table is ever
-- changed nor removed; TRUNCATE is refused too (disclosures_append_only()
-- of 0032).
CREATE TRIGGER portal_publications_no_update BEFORE UPDATE OR DELETE ON portal_publications
	FOR EACH ROW EXECUTE FUNCTION disclosures_append_only();
CREATE TRIGGER portal_publications_no_truncate BEFORE TRUNCATE ON portal_publications
	FOR EACH STATEMENT EXECUTE FUNCTION disclosures_append_only();
CREATE TRIGGER followup_public_no_update BEFORE UPDATE OR DELETE ON followup_public
	FOR EACH ROW EXECUTE FUNCTION disclosures_append_only();
CREATE TRIGGER followup_public_no_truncate BEFORE TRUNCATE ON followup_public
	FOR EACH STATEMENT EXECUTE FUNCTION disclosures_append_only();
