-- Attachments of the dev mailbox's messages (invitations .ics, PDF), as a
-- JSON array of {name, content_type, data (base64)}; '' when there are none.
-- The dev mailbox is purged after 30 days and a message's attachments are
-- bounded (mail.MaxAttachmentsSize), so one column is enough.

ALTER TABLE mails ADD COLUMN attachments TEXT NOT NULL DEFAULT '';
