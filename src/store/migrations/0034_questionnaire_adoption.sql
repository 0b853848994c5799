-- 0034_questionnaire_adoption: the adoption of a questionnaire version
-- recorded in the database (issue 9; R69-R70).  A definition's file says
-- draft until the Conference (or its working group) adopts it; the
-- adoption is then recorded by `revmech questionnaire adopt`
-- (qstore_adopt): status adopted, the decision's reference and date
-- (columns decision, adopted_on of 0009) and who entered it, when.  A
-- later `revmech migrate` keeps such a recorded adoption although the file
-- still says draft.  NULL for versions adopted in their file.  Portable SQL.
ALTER TABLE questionnaires ADD COLUMN adoption_entered_by TEXT;
ALTER TABLE questionnaires ADD COLUMN adoption_entered_at TEXT;
