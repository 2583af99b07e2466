-- The devices list on the settings page (auth/__schema_kebab__-devices-routes.ts) shows when each log-in was
-- last used. last_used_at: ms since the epoch, written at most once per LAST_USED_PRECISION_IN_MINUTES
-- (__context_kebab__/devices.ts); NULL until the first such write, when created_at stands for it.
ALTER TABLE __table___tokens ADD COLUMN last_used_at INTEGER;
