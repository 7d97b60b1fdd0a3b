use super::*;

#[test]
fn debug_dump() {
    let schemas = Schemas::compile(&ReferenceLists::built_in()).unwrap();
    let yaml = std::env::var("DUMP_YAML").unwrap_or_default();
    let kind = if std::env::var("DUMP_KIND").as_deref() == Ok("metric") { FileKind::Metric } else { FileKind::Event };
    let parsed = crate::yaml::parse(&yaml);
    let Some(root) = parsed.root else { return };
    let doc = root.to_json();
    let v = if kind == FileKind::Event { &schemas.event } else { &schemas.metric };
    for e in v.iter_errors(&doc) {
        eprintln!(
            "ERR {:?} at {} schema {} abs {:?}",
            e.kind(),
            e.instance_path().as_str(),
            e.schema_path().as_str(),
            e.absolute_keyword_location().map(|u| u.as_str().to_owned())
        );
    }
    for d in check_definition(&schemas, kind, "x.yml", &root, &yaml) {
        eprintln!("DIAG {}:{} {} {}", d.line, d.column, d.rule, d.message);
    }
}
