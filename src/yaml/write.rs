//! GitLab-exact YAML writing (Psych `to_yaml(line_width: 150)`): see issue 3.
