-- An endpoint an operator paused (POST /admin/webhooks/{id}/pause, docs/WEBHOOKS.md): the dispatcher runs no
-- lane for it, so nothing is sent; its consumer and checkpoint stay, and its lane resumes from them.
-- Numbered 0009: 0008 is held by a migration on another branch; the runner applies what is not yet recorded, in order.
ALTER TABLE webhook_endpoints ADD COLUMN paused BOOLEAN NOT NULL DEFAULT false;
