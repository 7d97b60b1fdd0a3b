//! Which revision of GitLab's definition format eventdef follows: what its schemas, rules and
//! generator flows were last checked against. `eventdef --version` prints it.
//!
//! The format is GitLab's, defined by
//! https://gitlab.com/gitlab-org/gitlab/-/blob/master/config/events/schema.json and
//! https://gitlab.com/gitlab-org/gitlab/-/blob/master/config/metrics/schema/base.json, read at the
//! commits below. Since then GitLab's own definitions show one relaxation that eventdef follows:
//! events that declare only custom `additional_properties` (no `label`, `property` or `value`),
//! such as `create_pat` (milestone 18.9), `register_passkey` and `initialize_mcp_connection`.

/// The GitLab revision of the definition format, as one line (see the module comment).
macro_rules! gitlab_format {
    () => {
        "GitLab 18.9 (events schema 8ee97840, metrics schema 55eb439f; custom-only additional_properties)"
    };
}

/// The GitLab revision of the definition format eventdef follows.
pub const GITLAB_FORMAT: &str = gitlab_format!();

/// `eventdef --version`: the program's version and the format it follows.
pub const LONG_VERSION: &str =
    concat!(env!("CARGO_PKG_VERSION"), "\nfollows the definition format of ", gitlab_format!());
