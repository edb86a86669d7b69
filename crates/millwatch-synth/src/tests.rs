//! Unit tests across modules.

use super::*;

#[test]
fn demo_world_has_operations_and_files() {
    let w = generate(&WorldConfig::demo());
    assert_eq!(w.operations.len(), 10);
    assert!(w.file_count() > 50);
}
