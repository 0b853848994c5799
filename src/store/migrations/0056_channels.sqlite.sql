-- 0056_channels, SQLite part: a request for a channel and the decision on
-- it are never changed nor removed (who asked, who decided, when and why
-- stay on record).
CREATE TRIGGER channel_requests_no_update BEFORE UPDATE ON channel_requests
BEGIN
	SELECT RAISE(ABORT, 'channel_requests is append-only');
END;
CREATE TRIGGER channel_requests_no_delete BEFORE DELETE ON channel_requests
BEGIN
	SELECT RAISE(ABORT, 'channel_requests is append-only');
END;
CREATE TRIGGER channel_decisions_no_update BEFORE UPDATE ON channel_decisions
BEGIN
	SELECT RAISE(ABORT, 'channel_decisions is append-only');
END;
CREATE TRIGGER channel_decisions_no_delete BEFORE DELETE ON channel_decisions
BEGIN
	SELECT RAISE(ABORT, 'channel_decisions is append-only');
END;
