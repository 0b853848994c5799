-- 0051_response_support, PostgreSQL part: never changed nor removed;
-- TRUNCATE is refused too (disclosures_append_only() of 0032).
CREATE TRIGGER response_support_requests_no_update BEFORE UPDATE OR DELETE
	ON response_support_requests FOR EACH ROW EXECUTE FUNCTION disclosures_append_only();
CREATE TRIGGER response_support_requests_no_truncate BEFORE TRUNCATE ON response_support_requests
	FOR EACH STATEMENT EXECUTE FUNCTION disclosures_append_only();
