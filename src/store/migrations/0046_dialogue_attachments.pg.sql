-- 0046_dialogue_attachments, PostgreSQL part: never changed nor removed;
-- TRUNCATE is refused too (disclosures_append_only() of 0032).
CREATE TRIGGER dialogue_attachments_no_update BEFORE UPDATE OR DELETE ON dialogue_attachments
	FOR EACH ROW EXECUTE FUNCTION disclosures_append_only();
CREATE TRIGGER dialogue_attachments_no_truncate BEFORE TRUNCATE ON dialogue_attachments
	FOR EACH STATEMENT EXECUTE FUNCTION disclosures_append_only();
