-- 0012_lots_consent: the reviewed State's consent to more than four
-- reviewers (para 28 c, C11; issue 12), recorded with the redraw that used
-- it: JSON {"by", "date", "reference"}, NULL if none.  Portable SQL.
ALTER TABLE lots_redraws ADD COLUMN consent TEXT;
