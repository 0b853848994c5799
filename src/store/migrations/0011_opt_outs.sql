-- 0011_opt_outs: the two opt-out choices of footnote 2 of resolution 9/1
-- (issue 12; C34): not to be reviewed, and not to review, recorded
-- independently.  parties.opt_out (from the reference data) still means
-- both.  Portable SQL.
ALTER TABLE parties ADD COLUMN not_reviewed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE parties ADD COLUMN not_reviewer INTEGER NOT NULL DEFAULT 0;
