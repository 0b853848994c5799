-- 0051_response_support, SQLite part: a request and its end are never
-- changed nor removed (who asked, when and why stays on record).
CREATE TRIGGER response_support_requests_no_update BEFORE UPDATE ON response_support_requests
BEGIN
	SELECT RAISE(ABORT, 'response_support_requests is append-only');
END;
CREATE TRIGGER response_support_requests_no_delete BEFORE DELETE ON response_support_requests
BEGIN
	SELECT RAISE(ABORT, 'response_support_requests is append-only');
END;
