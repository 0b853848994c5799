-- 0045_publication_undo, PostgreSQL part: neither table is ever changed
-- nor removed; TRUNCATE is refused too (disclosures_append_only() of 0032).
CREATE TRIGGER portal_publication_ends_no_update BEFORE UPDATE OR DELETE
	ON portal_publication_ends FOR EACH ROW EXECUTE FUNCTION disclosures_append_only();
CREATE TRIGGER portal_publication_ends_no_truncate BEFORE TRUNCATE ON portal_publication_ends
	FOR EACH STATEMENT EXECUTE FUNCTION disclosures_append_only();
CREATE TRIGGER followup_public_changes_no_update BEFORE UPDATE OR DELETE
	ON followup_public_changes FOR EACH ROW EXECUTE FUNCTION disclosures_append_only();
CREATE TRIGGER followup_public_changes_no_truncate BEFORE TRUNCATE ON followup_public_changes
	FOR EACH STATEMENT EXECUTE FUNCTION disclosures_append_only();
