-- 0044_lots_ops_optout, PostgreSQL part: the CHECKs on lots_ops.kind and
-- lots_requests.kind swapped for the wider ones, then the optout ops
-- stored as 'redraw' before 0044 given their kind (their inputs say it).
ALTER TABLE lots_ops DROP CONSTRAINT lots_ops_kind_check;
ALTER TABLE lots_ops ADD CONSTRAINT lots_ops_kind_check
	CHECK (kind IN ('event', 'join', 'protocol', 'redraw', 'optout'));
ALTER TABLE lots_requests DROP CONSTRAINT lots_requests_kind_check;
ALTER TABLE lots_requests ADD CONSTRAINT lots_requests_kind_check
	CHECK (kind IN ('event', 'join', 'protocol', 'redraw', 'optout'));
-- (CASE: the cast is made only on inputs that are a JSON object.)
UPDATE lots_ops SET kind = 'optout'
	WHERE kind = 'redraw'
	  AND CASE WHEN inputs LIKE '{%' THEN inputs::json ->> 'kind' = 'optout' ELSE false END;
