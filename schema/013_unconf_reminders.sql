-- 013_unconf_reminders.sql - a session's presenters are reminded once to
-- capture what it found (issue 14, point 6): when the reminder was queued.
ALTER TABLE unconf_sessions ADD COLUMN capture_reminded_at BIGINT;
