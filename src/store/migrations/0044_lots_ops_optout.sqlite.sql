-- 0044_lots_ops_optout, SQLite part: lots_ops and lots_requests rebuilt
-- with the wider CHECK (SQLite cannot alter one).  The migration runs in
-- a transaction with foreign keys on, where DROP TABLE deletes first: the
-- rows that refer to lots_ops (lots_carried, lots_assignments.op_id) are
-- set aside and put back after, so that no foreign key is ever broken and
-- no row lost.  Nothing refers to lots_requests.  The optout ops stored as
-- 'redraw' before 0044 get their kind from their inputs on the way.
CREATE TEMP TABLE m0044_carried AS SELECT * FROM lots_carried;
CREATE TEMP TABLE m0044_assign AS SELECT id, op_id FROM lots_assignments WHERE op_id IS NOT NULL;
DELETE FROM lots_carried;
UPDATE lots_assignments SET op_id = NULL WHERE op_id IS NOT NULL;
CREATE TABLE lots_ops_0044 (
	id          INTEGER PRIMARY KEY,
	draw_id     INTEGER NOT NULL REFERENCES lots_draws(id),
	seq         INTEGER NOT NULL CHECK (seq >= 1),
	kind        TEXT NOT NULL CHECK (kind IN ('event', 'join', 'protocol', 'redraw', 'optout')),
	meeting     TEXT NOT NULL REFERENCES lots_meetings(ref),
	run_by      TEXT NOT NULL,
	created_at  TEXT NOT NULL,
	seed        TEXT NOT NULL CHECK (length(seed) = 64),
	base_head   TEXT NOT NULL CHECK (length(base_head) = 64),
	roster_csv  TEXT NOT NULL,
	inputs      TEXT NOT NULL,
	output      TEXT NOT NULL,
	prev_hash   TEXT NOT NULL CHECK (length(prev_hash) = 64),
	hash        TEXT NOT NULL CHECK (length(hash) = 64),
	UNIQUE (draw_id, seq)
);
INSERT INTO lots_ops_0044 (id, draw_id, seq, kind, meeting, run_by, created_at, seed, base_head,
	roster_csv, inputs, output, prev_hash, hash)
	SELECT id, draw_id, seq,
	       CASE WHEN kind = 'redraw' AND json_valid(inputs)
	                 AND json_extract(inputs, '$.kind') = 'optout' THEN 'optout' ELSE kind END,
	       meeting, run_by, created_at, seed, base_head, roster_csv, inputs, output, prev_hash,
	       hash FROM lots_ops;
DROP TABLE lots_ops;
ALTER TABLE lots_ops_0044 RENAME TO lots_ops;
INSERT INTO lots_carried SELECT * FROM m0044_carried;
UPDATE lots_assignments SET op_id = (SELECT m.op_id FROM m0044_assign m WHERE
	m.id = lots_assignments.id) WHERE id IN (SELECT id FROM m0044_assign);
DROP TABLE m0044_carried;
DROP TABLE m0044_assign;

CREATE TABLE lots_requests_0044 (
	id            INTEGER PRIMARY KEY,
	meeting       TEXT NOT NULL REFERENCES lots_meetings(ref),
	seq           INTEGER NOT NULL CHECK (seq >= 1),
	kind          TEXT NOT NULL CHECK (kind IN ('event', 'join', 'protocol', 'redraw', 'optout')),
	body          TEXT NOT NULL,
	hash          TEXT NOT NULL CHECK (length(hash) = 64),
	lodged_by     TEXT NOT NULL,
	lodged_at     TEXT NOT NULL,
	status        TEXT NOT NULL DEFAULT 'pending'
	              CHECK (status IN ('pending', 'applied', 'refused')),
	applied_order INTEGER,
	result_kind   TEXT CHECK (result_kind IN ('op', 'redraw')),
	result_draw   INTEGER REFERENCES lots_draws(id),
	result_seq    INTEGER,
	result        TEXT,
	UNIQUE (meeting, seq)
);
INSERT INTO lots_requests_0044 (id, meeting, seq, kind, body, hash, lodged_by, lodged_at, status,
	applied_order, result_kind, result_draw, result_seq, result)
	SELECT id, meeting, seq, kind, body, hash, lodged_by, lodged_at, status, applied_order,
	       result_kind, result_draw, result_seq, result FROM lots_requests;
DROP TABLE lots_requests;
ALTER TABLE lots_requests_0044 RENAME TO lots_requests;
