//! `io` and `yaml`: files that cannot be read, or whose YAML is not a definition at all.

use super::gitlab;
use super::texts::event;
use super::{EVENT_PATH, declare_rules};
use crate::diagnostics::{Category, Example, ExampleFile, RuleInfo, Severity};

declare_rules! {
    UNREADABLE = RuleInfo {
        id: "io-unreadable",
        category: Category::Io,
        severity: Severity::Error,
        help: "The file could not be read as UTF-8 text; fix its permissions, encoding or size.",
        explanation: "\
GitLab reads every definition as UTF-8 text. A file saved in another encoding (Windows-1252, \
Latin-1, UTF-16), a file the user running the check may not read, a broken symbolic link or a \
file larger than `--max-file-size` cannot be checked, and GitLab's loader would fail on it or read \
garbled text.

The finding names what went wrong and, for an encoding problem, the position of the first byte \
that is not UTF-8: in the example, a dash saved as the Windows-1252 byte 0x97. Re-save the file as UTF-8 (editors call it \"UTF-8 without BOM\"), fix its \
permissions or the link, or split what made it so large.",
        docs: gitlab::METRIC_LOADER,
        wrong: Example::files(&[ExampleFile::bytes(EVENT_PATH, &["description"], b"\
---
description: Engineer applies a suggested change from the diff view \x97 one or a batch
internal_events: true
action: apply_suggestion
identifiers:
- project
- namespace
- user
product_group: code_review
product_categories:
- code_review_workflow
milestone: '17.4'
introduced_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/160001
tiers:
- free
- premium
- ultimate
")]),
        right: Example::files(&[ExampleFile::fields(EVENT_PATH, &["description"], "\
---
description: Engineer applies a suggested change from the diff view \u{2014} one or a batch
internal_events: true
action: apply_suggestion
identifiers:
- project
- namespace
- user
product_group: code_review
product_categories:
- code_review_workflow
milestone: '17.4'
introduced_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/160001
tiers:
- free
- premium
- ultimate
")]),
    };

    SYNTAX = RuleInfo {
        id: "yaml-syntax",
        category: Category::Yaml,
        severity: Severity::Error,
        help: "Fix the YAML syntax at the position shown.",
        explanation: "\
The file is not YAML, so GitLab's loader raises `Psych::SyntaxError` and every spec that loads \
definitions fails. Nothing else in the file can be checked until it parses.

The usual cause is a plain (unquoted) value holding `: `, `#`, `[`, `{` or a leading `*`, `&`, `!`, \
`%` or `@`: YAML reads those as syntax. Quote such a value with single quotes (double a single \
quote inside it), or fix the indentation or bracket at the position shown.",
        docs: gitlab::PSYCH_SAFE_LOAD,
        wrong: Example::files(&[ExampleFile::fields(EVENT_PATH, &["description"], "\
---
description: Engineer applies a suggestion: one change or a batch
internal_events: true
action: apply_suggestion
identifiers:
- project
- namespace
- user
product_group: code_review
product_categories:
- code_review_workflow
milestone: '17.4'
introduced_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/160001
tiers:
- free
- premium
- ultimate
")]),
        right: Example::files(&[ExampleFile::fields(EVENT_PATH, &["description"], "\
---
description: 'Engineer applies a suggestion: one change or a batch'
internal_events: true
action: apply_suggestion
identifiers:
- project
- namespace
- user
product_group: code_review
product_categories:
- code_review_workflow
milestone: '17.4'
introduced_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/160001
tiers:
- free
- premium
- ultimate
")]),
    };

    DUPLICATE_KEY = RuleInfo {
        id: "yaml-duplicate-key",
        category: Category::Yaml,
        severity: Severity::Error,
        help: "Remove one of the two entries; GitLab silently keeps the last.",
        explanation: "\
YAML forbids a key twice in one mapping, but Ruby's loader accepts it and keeps the last value \
without a word. The definition GitLab sees is then not the one a reviewer reads: here the event \
belongs to `code_review`, not `source_code`. It usually comes from a merge or from pasting a \
field instead of editing it.

Keep the entry you mean and delete the other. The finding points at the second one.",
        docs: gitlab::PSYCH_SAFE_LOAD,
        wrong: Example::files(&[ExampleFile::fields(EVENT_PATH, &["product_group"], "\
---
description: Engineer applies a suggested change from the merge request diff view
internal_events: true
product_group: source_code
action: apply_suggestion
identifiers:
- project
- namespace
- user
product_group: code_review
product_categories:
- code_review_workflow
milestone: '17.4'
introduced_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/160001
tiers:
- free
- premium
- ultimate
")]),
        right: Example::files(&[ExampleFile::fields(EVENT_PATH, &["product_group"], event!())]),
    };

    NOT_A_MAPPING = RuleInfo {
        id: "yaml-not-mapping",
        category: Category::Yaml,
        severity: Severity::Error,
        help: "A definition file must be a YAML mapping of field names to values.",
        explanation: "\
GitLab loads each definition file as one mapping of field names to values (`description: ...`, \
`action: ...`). A file whose top level is a list or a single value defines no fields, and \
GitLab's loader fails on it.

A leading `- ` on every line is the common cause: it turns the fields into a list of one-field \
mappings. Remove the dashes so the fields sit at the top level.",
        docs: gitlab::EVENT_GUIDE,
        wrong: Example::files(&[ExampleFile::whole(EVENT_PATH, "\
---
- description: Engineer applies a suggested change from the merge request diff view
- internal_events: true
- action: apply_suggestion
")]),
        right: Example::files(&[ExampleFile::fields(EVENT_PATH, &["description", "internal_events", "action"], event!())]),
    };

    EMPTY = RuleInfo {
        id: "yaml-empty",
        category: Category::Yaml,
        severity: Severity::Error,
        help: "The file defines nothing; fill it in or delete it.",
        explanation: "\
A file in a definition folder that holds no document, or only `---` and comments, defines no \
event or metric: GitLab's loader gets nothing to read from it. It is usually a definition \
started by hand and never written, or what is left after moving one.

Write the definition (`eventdef` can generate it) or delete the file.",
        docs: gitlab::EVENT_GUIDE,
        wrong: Example::files(&[ExampleFile::whole(EVENT_PATH, "\
---
# Engineer applies a suggested change; definition to be written
")]),
        right: Example::files(&[ExampleFile::fields(EVENT_PATH, &["description", "action"], event!())]),
    };

    EXTRA_DOCUMENT = RuleInfo {
        id: "yaml-multiple-documents",
        category: Category::Yaml,
        severity: Severity::Error,
        help: "Keep one definition per file; GitLab ignores everything after the first document.",
        explanation: "\
A second `---` starts a second YAML document. GitLab reads only the first document of a \
definition file, so whatever follows is silently ignored: a second event pasted into the file \
does not exist for GitLab.

Give every definition its own file, named after its action or key, and remove the extra `---`. \
A final `...` (end of document) is fine.",
        docs: gitlab::EVENT_GUIDE,
        wrong: Example::files(&[ExampleFile::whole(EVENT_PATH, concat!(event!(), "\
---
description: Engineer dismisses a suggested change from the merge request diff view
internal_events: true
action: dismiss_suggestion
"))]),
        right: Example::files(&[
            ExampleFile::fields(EVENT_PATH, &["action"], event!()),
            ExampleFile::fields("config/events/dismiss_suggestion.yml", &["description", "action"], "\
---
description: Engineer dismisses a suggested change from the merge request diff view
internal_events: true
action: dismiss_suggestion
identifiers:
- project
- namespace
- user
product_group: code_review
product_categories:
- code_review_workflow
milestone: '17.4'
introduced_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/160001
tiers:
- free
- premium
- ultimate
"),
        ]),
    };

    TAG = RuleInfo {
        id: "yaml-tag",
        category: Category::Yaml,
        severity: Severity::Error,
        help: "Remove the tag; GitLab's safe YAML loader accepts only plain data.",
        explanation: "\
A value starting with `!` carries a YAML tag (`!ruby/object:...`, `!!binary`). GitLab reads \
definitions with Ruby's safe loader, which refuses every tag that would build an object other \
than plain strings, numbers, booleans, lists and mappings, so loading the file fails.

Remove the tag and write the plain value. A value that starts with `!` as text must be quoted.",
        docs: gitlab::PSYCH_SAFE_LOAD,
        wrong: Example::files(&[ExampleFile::fields(EVENT_PATH, &["product_group"], "\
---
description: Engineer applies a suggested change from the merge request diff view
internal_events: true
action: apply_suggestion
identifiers:
- project
- namespace
- user
product_group: !ruby/object:Gitlab::ProductGroup code_review
product_categories:
- code_review_workflow
milestone: '17.4'
introduced_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/160001
tiers:
- free
- premium
- ultimate
")]),
        right: Example::files(&[ExampleFile::fields(EVENT_PATH, &["product_group"], event!())]),
    };

    DATE_TIME = RuleInfo {
        id: "yaml-date",
        category: Category::Yaml,
        severity: Severity::Error,
        help: "Quote the value: GitLab's safe YAML loader refuses unquoted dates and times and fails to load the file.",
        explanation: "\
YAML reads an unquoted `2024-09-19` (or a date with a time) as a date, not as text. Ruby's safe \
loader, which GitLab reads definitions with, refuses to build date objects and raises \
`Psych::DisallowedClass`, so the whole file fails to load, not just the field.

Quote the value if it is text (`'2024-09-19'`). No definition field holds a date: a milestone is \
a GitLab version such as `'17.4'`, which is also what the schema finding beside this one says.",
        docs: gitlab::PSYCH_SAFE_LOAD,
        wrong: Example::files(&[ExampleFile::fields(EVENT_PATH, &["milestone"], "\
---
description: Engineer applies a suggested change from the merge request diff view
internal_events: true
action: apply_suggestion
identifiers:
- project
- namespace
- user
product_group: code_review
product_categories:
- code_review_workflow
milestone: 2024-09-19
introduced_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/160001
tiers:
- free
- premium
- ultimate
")])
        .also(&["schema-pattern"]),
        right: Example::files(&[ExampleFile::fields(EVENT_PATH, &["milestone"], event!())]),
    };

    LIMIT = RuleInfo {
        id: "yaml-limit",
        category: Category::Yaml,
        severity: Severity::Error,
        help: "The document is too deep or expands too many aliases to be a definition.",
        explanation: "\
A GitLab definition nests at most five levels (a metric's `events[].filter.<key>`) and needs no \
anchors or aliases. A document nested far deeper, or whose aliases expand to thousands of copies \
(a \"billion laughs\"), is not a definition: eventdef stops reading it there instead of spending \
memory and time on it, and reports it so it is not skipped silently.

Flatten the value, or write out what the aliases stand for.",
        docs: gitlab::PSYCH_SAFE_LOAD,
        wrong: Example::files(&[ExampleFile::fields(EVENT_PATH, &["extra_properties"], concat!(event!(), "\
extra_properties:
  nested: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]
"))]),
        right: Example::files(&[ExampleFile::fields(EVENT_PATH, &["extra_properties"], concat!(event!(), "\
extra_properties:
  nested: [[1]]
"))]),
    };
}
