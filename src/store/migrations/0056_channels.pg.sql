-- 0056_channels, PostgreSQL part: never changed nor removed; TRUNCATE is
-- refused too (disclosures_append_only() of 0032).
CREATE TRIGGER channel_requests_no_update BEFORE UPDATE OR DELETE ON channel_requests
	FOR EACH ROW EXECUTE FUNCTION disclosures_append_only();
CREATE TRIGGER channel_requests_no_truncate BEFORE TRUNCATE ON channel_requests
	FOR EACH STATEMENT EXECUTE FUNCTION disclosures_append_only();
CREATE TRIGGER channel_decisions_no_update BEFORE UPDATE OR DELETE ON channel_decisions
	FOR EACH ROW EXECUTE FUNCTION disclosures_append_only();
CREATE TRIGGER channel_decisions_no_truncate BEFORE TRUNCATE ON channel_decisions
	FOR EACH STATEMENT EXECUTE FUNCTION disclosures_append_only();
