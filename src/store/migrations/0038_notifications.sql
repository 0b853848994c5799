-- 0038_notifications: the notifications of the interface (issue 9,
-- "Notifications through the platform's outbox, in the interface and by
-- e-mail").  A review notification (invitation to name a focal point or
-- experts, questionnaire opened, reminders, submission received, dialogue
-- items, observations) is one outbox row and, when its address is an
-- account of the platform, one row here for that account, written by
-- notify/notify.c in the transaction of the change.  The account life-cycle
-- e-mails (mail/notice.c: reset, invitation, TOTP) never come here: their
-- bodies hold secret links.  read_at is NULL until the owner marks it read.
-- Portable SQLite/PostgreSQL.
CREATE TABLE notifications (
	id        INTEGER PRIMARY KEY,
	user_id   INTEGER NOT NULL REFERENCES users(id),
	outbox_id INTEGER REFERENCES outbox(id),
	lang      TEXT NOT NULL DEFAULT 'en',
	subject   TEXT NOT NULL,
	body      TEXT NOT NULL,
	link      TEXT NOT NULL DEFAULT '' CHECK (link = '' OR substr(link, 1, 1) = '/'),
	created   TEXT NOT NULL,
	read_at   TEXT
);
CREATE INDEX notifications_user ON notifications (user_id, id);
-- The unread count of every page's navigation bar reads this one only
-- (notify_unread_upto(), at most 100 entries; an exact count of 6,000
-- unread rows took 87 ms on SQLite through the index above alone).
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;
