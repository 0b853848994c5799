-- 0045_publication_undo, SQLite part: neither table is ever changed nor
-- emptied (R103: every change of visibility is kept).
CREATE TRIGGER portal_publication_ends_no_update BEFORE UPDATE ON portal_publication_ends
BEGIN
	SELECT RAISE(ABORT, 'portal_publication_ends is append-only');
END;
CREATE TRIGGER portal_publication_ends_no_delete BEFORE DELETE ON portal_publication_ends
BEGIN
	SELECT RAISE(ABORT, 'portal_publication_ends is append-only');
END;
CREATE TRIGGER followup_public_changes_no_update BEFORE UPDATE ON followup_public_changes
BEGIN
	SELECT RAISE(ABORT, 'followup_public_changes is append-only');
END;
CREATE TRIGGER followup_public_changes_no_delete BEFORE DELETE ON followup_public_changes
BEGIN
	SELECT RAISE(ABORT, 'followup_public_changes is append-only');
END;
