-- 0046_dialogue_attachments, SQLite part: what was sent with a message is
-- never changed nor removed (R94).
CREATE TRIGGER dialogue_attachments_no_update BEFORE UPDATE ON dialogue_attachments
BEGIN
	SELECT RAISE(ABORT, 'dialogue_attachments is append-only');
END;
CREATE TRIGGER dialogue_attachments_no_delete BEFORE DELETE ON dialogue_attachments
BEGIN
	SELECT RAISE(ABORT, 'dialogue_attachments is append-only');
END;
