-- Thread notifications by e-mail (issue 5): the mail worker moves a notification's `email`
-- from `pending` to `queued` (one `mail_outbox` row per address of the entry, in the same
-- transaction) or to `no_address`, once. The read mark stays set-once, and now only guards
-- `read_at` itself, so a notification read in the application can still be queued.
DROP TRIGGER notifications_set_once ON notifications;
CREATE TRIGGER notifications_set_once BEFORE UPDATE OF read_at ON notifications
    FOR EACH ROW WHEN (OLD.read_at IS NOT NULL) EXECUTE FUNCTION liaison_append_only();
CREATE TRIGGER notifications_email_once BEFORE UPDATE OF email ON notifications
    FOR EACH ROW WHEN (OLD.email <> 'pending') EXECUTE FUNCTION liaison_append_only();
CREATE TRIGGER notifications_fixed BEFORE UPDATE OF id, poc_id, thread_id, kind, urgency, exercise, at ON notifications
    FOR EACH ROW EXECUTE FUNCTION liaison_append_only();
CREATE INDEX mail_outbox_subject ON mail_outbox (subject_id);
