-- 0055_ta_providers, PostgreSQL part: the same tables append-only, TRUNCATE
-- too (findings_append_only() of 0031).
CREATE TRIGGER ta_providers_no_update BEFORE UPDATE OR DELETE ON ta_providers
	FOR EACH ROW EXECUTE FUNCTION findings_append_only();
CREATE TRIGGER ta_providers_no_truncate BEFORE TRUNCATE ON ta_providers
	FOR EACH STATEMENT EXECUTE FUNCTION findings_append_only();
CREATE TRIGGER ta_provider_versions_no_update BEFORE UPDATE OR DELETE ON ta_provider_versions
	FOR EACH ROW EXECUTE FUNCTION findings_append_only();
CREATE TRIGGER ta_provider_versions_no_truncate BEFORE TRUNCATE ON ta_provider_versions
	FOR EACH STATEMENT EXECUTE FUNCTION findings_append_only();
CREATE TRIGGER ta_sharing_no_update BEFORE UPDATE OR DELETE ON ta_sharing
	FOR EACH ROW EXECUTE FUNCTION findings_append_only();
CREATE TRIGGER ta_sharing_no_truncate BEFORE TRUNCATE ON ta_sharing
	FOR EACH STATEMENT EXECUTE FUNCTION findings_append_only();
CREATE TRIGGER ta_disseminations_no_update BEFORE UPDATE OR DELETE ON ta_disseminations
	FOR EACH ROW EXECUTE FUNCTION findings_append_only();
CREATE TRIGGER ta_disseminations_no_truncate BEFORE TRUNCATE ON ta_disseminations
	FOR EACH STATEMENT EXECUTE FUNCTION findings_append_only();
