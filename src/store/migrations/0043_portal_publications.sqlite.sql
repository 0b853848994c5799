-- 0043_portal_publications, SQLite part: neither table is ever changed
-- nor emptied (R103: every change of visibility is kept).
CREATE TRIGGER portal_publications_no_update BEFORE UPDATE ON portal_publications
BEGIN
	SELECT RAISE(ABORT, 'portal_publications is append-only');
END;
CREATE TRIGGER portal_publications_no_delete BEFORE DELETE ON portal_publications
BEGIN
	SELECT RAISE(ABORT, 'portal_publications is append-only');
END;
CREATE TRIGGER followup_public_no_update BEFORE UPDATE ON followup_public
BEGIN
	SELECT RAISE(ABORT, 'followup_public is append-only');
END;
CREATE TRIGGER followup_public_no_delete BEFORE DELETE ON followup_public
BEGIN
	SELECT RAISE(ABORT, 'followup_public is append-only');
END;
