-- When access keys and roles were last used: the time (access_keys.last_used_at exists since V1),
-- the service of a key's last use, and the region of the request. IAM reports these as
-- approximate, so the server writes them at most about once a minute per key or role.
ALTER TABLE access_keys ADD COLUMN last_used_service VARCHAR(64);
ALTER TABLE access_keys ADD COLUMN last_used_region VARCHAR(64);
ALTER TABLE roles ADD COLUMN last_used_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE roles ADD COLUMN last_used_region VARCHAR(64);
