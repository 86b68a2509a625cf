-- An endpoint an operator paused (POST /admin/webhooks/{id}/pause, docs/WEBHOOKS.md): the dispatcher runs no
-- lane for it, so nothing is sent; its consumer and checkpoint stay, and its lane resumes from them.
ALTER TABLE webhook_endpoints ADD COLUMN paused BOOLEAN NOT NULL DEFAULT false;
