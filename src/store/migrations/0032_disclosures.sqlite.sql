-- 0032_disclosures, SQLite part: the log of disclosure choices is never
-- changed nor removed (R103: every change of visibility is kept).
CREATE TRIGGER disclosures_no_update BEFORE UPDATE ON disclosures
BEGIN
	SELECT RAISE(ABORT, 'disclosures is append-only');
END;
CREATE TRIGGER disclosures_no_delete BEFORE DELETE ON disclosures
BEGIN
	SELECT RAISE(ABORT, 'disclosures is append-only');
END;
