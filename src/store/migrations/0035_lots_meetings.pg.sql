-- 0035_lots_meetings (PostgreSQL part): the meetings named in the inputs
-- of stored drawing events (draws and redraws) recorded, as the shared
-- part does for ceremonies and notes.
INSERT INTO lots_meetings (ref, held_on, title, recorded_by, recorded_at)
	SELECT m, substr(MIN(created_at), 1, 10),
	       'Recorded from a drawing event stored before migration 0035', 'migration 0035',
	       MIN(created_at)
	FROM (SELECT inputs::json ->> 'meeting' AS m, created_at FROM lots_events
	      WHERE inputs LIKE '{%') AS ev
	WHERE m IS NOT NULL AND m <> '' AND m NOT IN (SELECT ref FROM lots_meetings)
	GROUP BY m;
