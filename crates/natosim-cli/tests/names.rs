//! Regression tests for defect 8 of issue 14 (name resolution): a scenario
//! file means the same wherever natosim is run from, and a stray file cannot
//! silently stand in for a shipped scenario. Each test runs natosim with its
//! working directory set to a fresh temporary directory.

use std::path::Path;
use std::process::{Command, Output};

fn natosim_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_natosim"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run natosim")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn ok(o: &Output) -> String {
    assert_eq!(
        o.status.code(),
        Some(0),
        "expected success; stderr:\n{}",
        text(&o.stderr)
    );
    text(&o.stdout)
}

fn refused(o: &Output, needles: &[&str]) {
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "expected exit 2; stderr:\n{err}");
    for n in needles {
        assert!(err.contains(n), "expected `{n}` in:\n{err}");
    }
}

fn write(path: impl AsRef<Path>, text: &str) {
    std::fs::write(path, text).unwrap();
}

/// The resolved scenario as TOML (`natosim scenario NAME`), without its
/// first line (a comment naming the file as it was given).
fn resolved(dir: &Path, name: &str) -> String {
    let out = ok(&natosim_in(dir, &["scenario", name]));
    assert!(out.starts_with("# "), "{out}");
    out.split_once('\n')
        .map_or(out.clone(), |(_, rest)| rest.to_string())
}

#[test]
fn a_file_named_like_a_shipped_scenario_is_ambiguous_not_a_silent_shadow() {
    let dir = tempfile::tempdir().unwrap();
    let shipped = resolved(dir.path(), "baseline");
    write(
        dir.path().join("baseline"),
        "[scenario]\nname = \"IMPOSTOR\"\n",
    );
    let o = natosim_in(dir.path(), &["validate", "baseline"]);
    refused(
        &o,
        &[
            "`baseline` is both a shipped scenario and the file `baseline`",
            "./baseline",
            "shipped:baseline",
        ],
    );
    assert!(!text(&o.stdout).contains("IMPOSTOR"));
    // The default scenario is the same bare name: ambiguous too, not the impostor.
    refused(
        &natosim_in(dir.path(), &["compare", "--runs", "2"]),
        &["both a shipped scenario"],
    );
    // Either spelling says which is meant.
    assert_eq!(resolved(dir.path(), "shipped:baseline"), shipped);
    assert!(ok(&natosim_in(dir.path(), &["validate", "./baseline"])).contains("IMPOSTOR"));
}

#[test]
fn shipped_scenarios_extend_shipped_scenarios_whatever_files_exist() {
    let clean = tempfile::tempdir().unwrap();
    let expected = resolved(clean.path(), "us-drawdown-2027");
    let dir = tempfile::tempdir().unwrap();
    // `us-drawdown-2027` extends `baseline`; a file of that name in the
    // working directory must play no part.
    write(
        dir.path().join("baseline"),
        "[scenario]\nname = \"IMPOSTOR\"\n[russia]\nconcentration = 0.99\n",
    );
    assert_eq!(resolved(dir.path(), "us-drawdown-2027"), expected);
}

#[test]
fn relative_extends_resolve_next_to_the_including_file_never_the_working_directory() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    write(
        sub.join("parent.toml"),
        "extends = \"baseline\"\n[russia]\nconcentration = 0.31\n",
    );
    write(sub.join("child.toml"), "extends = \"parent.toml\"\n");
    // A decoy beside the working directory, which the old fallback read
    // when the file was run from a directory without its parent.
    write(
        dir.path().join("parent.toml"),
        "[russia]\nconcentration = 0.77\n",
    );
    let from_root = resolved(dir.path(), "sub/child.toml");
    let from_sub = resolved(&sub, "child.toml");
    assert!(from_root.contains("concentration = 0.31"), "{from_root}");
    assert_eq!(from_root, from_sub, "same file, same meaning");

    // Without the sibling, the decoy in the working directory is not taken:
    // the missing parent is an error naming the file that names it.
    std::fs::remove_file(sub.join("parent.toml")).unwrap();
    refused(
        &natosim_in(dir.path(), &["validate", "sub/child.toml"]),
        &[
            "sub/child.toml",
            "field `extends`",
            "sub/parent.toml",
            "no such scenario file",
        ],
    );
}

#[test]
fn explicit_relative_paths_and_parent_directories_work_and_cycles_through_dot_are_caught() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    std::fs::create_dir(&a).unwrap();
    std::fs::create_dir(&b).unwrap();
    write(
        b.join("base.toml"),
        "extends = \"shipped:tariff-war\"\n[russia]\nconcentration = 0.28\n",
    );
    write(a.join("mine.toml"), "extends = \"../b/base.toml\"\n");
    let r = resolved(dir.path(), "a/mine.toml");
    assert!(r.contains("concentration = 0.28"), "{r}");
    assert_eq!(r, resolved(&b, "../a/mine.toml"));

    // `./self.toml` is the file itself: a cycle, not a chain to the depth limit.
    write(dir.path().join("self.toml"), "extends = \"./self.toml\"\n");
    refused(
        &natosim_in(dir.path(), &["validate", "self.toml"]),
        &["cycle"],
    );
}

#[test]
fn bare_names_that_are_only_files_still_load_and_unknown_shipped_names_are_not_found() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path().join("mybase"),
        "extends = \"baseline\"\n[russia]\nconcentration = 0.33\n",
    );
    write(dir.path().join("top.toml"), "extends = \"mybase\"\n");
    assert!(resolved(dir.path(), "top.toml").contains("concentration = 0.33"));
    refused(
        &natosim_in(dir.path(), &["validate", "shipped:mybase"]),
        &["no shipped scenario of that name"],
    );
    // A path never falls back to a shipped scenario of the same stem.
    refused(
        &natosim_in(dir.path(), &["validate", "./tariff-war"]),
        &["no such scenario file"],
    );
    // A directory is not a scenario file.
    std::fs::create_dir(dir.path().join("d.toml")).unwrap();
    refused(
        &natosim_in(dir.path(), &["validate", "d.toml"]),
        &["not a regular file"],
    );
}

#[test]
fn an_extends_naming_an_ambiguous_bare_name_is_blamed_on_the_including_file() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    write(sub.join("tariff-war"), "[russia]\nconcentration = 0.2\n");
    write(sub.join("x.toml"), "# mine\nextends = \"tariff-war\"\n");
    refused(
        &natosim_in(dir.path(), &["validate", "sub/x.toml"]),
        &[
            "sub/x.toml: line 2, column 1: field `extends`",
            "the file `sub/tariff-war`",
            "shipped:tariff-war",
        ],
    );
    // Ambiguity is judged next to the including file: a file of that name
    // in the working directory (here `sub`) does not matter to `../y.toml`.
    write(dir.path().join("y.toml"), "extends = \"tariff-war\"\n");
    ok(&natosim_in(&sub, &["validate", "../y.toml"]));
}
