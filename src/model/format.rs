//! Which revision of GitLab's definition format eventdef follows: the versions of GitLab's own
//! schemas (https://gitlab.com/gitlab-org/gitlab/-/blob/master/config/events/schema.json and
//! https://gitlab.com/gitlab-org/gitlab/-/blob/master/config/metrics/schema/base.json) that the
//! built-in schemas in `schemas/` and the rules mirror. `eventdef --version` prints it, so a
//! report can say which format a binary checked against. Change it with the schemas.
//!
//! Since those commits GitLab's own definitions show one relaxation that eventdef follows:
//! events that declare only custom `additional_properties` (no `label`, `property` or `value`),
//! such as `create_pat` (milestone 18.9), `register_passkey` and `initialize_mcp_connection`.

/// GitLab's schema files and the commits of `gitlab-org/gitlab` they were taken from.
pub const GITLAB_FORMAT_REVISION: &str = "gitlab-org/gitlab config/events/schema.json@8ee97840, config/metrics/schema/base.json@55eb439f; custom-only additional_properties (GitLab 18.9)";
