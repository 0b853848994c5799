-- 0035_lots_meetings (SQLite part): the meetings named in the inputs of
-- stored drawing events (draws and redraws) recorded, as the shared part
-- does for ceremonies and notes.
INSERT INTO lots_meetings (ref, held_on, title, recorded_by, recorded_at)
	SELECT json_extract(inputs, '$.meeting'), substr(MIN(created_at), 1, 10),
	       'Recorded from a drawing event stored before migration 0035', 'migration 0035',
	       MIN(created_at)
	FROM lots_events
	WHERE json_valid(inputs) AND json_type(inputs, '$.meeting') = 'text'
	  AND json_extract(inputs, '$.meeting') <> ''
	  AND json_extract(inputs, '$.meeting') NOT IN (SELECT ref FROM lots_meetings)
	GROUP BY json_extract(inputs, '$.meeting');
