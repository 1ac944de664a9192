//! Outputs that are whole or absent (issue 14, defects 5 and 7): a closed
//! pipe ends every command quietly, a full disk is a clear error, `--out`
//! never replaces a device, FIFO or directory, unwritable targets are found
//! before the work, killed runs' fragments are cleaned up, and directory
//! outputs are written as sets. docs/RELIABILITY.md states the guarantees.
#![cfg(target_os = "linux")]

use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_natosim");

fn natosim(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().expect("run natosim")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn assert_no_panic(o: &Output, what: &str) {
    let err = text(&o.stderr);
    assert!(
        !err.contains("panicked") && o.status.code() != Some(101),
        "{what}: {:?}\n{err}",
        o.status
    );
}

/// Commands that write to standard output, cheap enough to run many times.
const STDOUT_COMMANDS: &[&[&str]] = &[
    &["scenarios"],
    &["validate", "baseline"],
    &["metrics"],
    &["metrics", "--format", "csv"],
    &["data"],
    &["scenario", "--defaults"],
    &["scenario", "baseline"],
    &["calibrate"],
    &["compare", "--runs", "5", "--models", "status-quo"],
    &["members", "--model", "status-quo", "--runs", "3"],
    &["--help"],
    &["compare", "--help"],
    &["--version"],
];

#[test]
fn a_closed_pipe_ends_every_command_quietly_with_success() {
    for args in STDOUT_COMMANDS {
        // The reader is gone before natosim writes a byte: its first write
        // fails with a broken pipe, every time.
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let o = Command::new(BIN)
            .args(*args)
            .stdout(Stdio::from(writer))
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        assert_no_panic(&o, &args.join(" "));
        assert!(o.status.success(), "{args:?}: {:?}", o.status);
        assert!(
            o.stderr.is_empty(),
            "{args:?}: nothing on stderr: {}",
            text(&o.stderr)
        );
    }
}

#[test]
fn a_full_disk_on_stdout_is_an_error_naming_standard_output() {
    for args in STDOUT_COMMANDS {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let o = Command::new(BIN)
            .args(*args)
            .stdout(Stdio::from(full))
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        assert_no_panic(&o, &args.join(" "));
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let err = text(&o.stderr);
        assert!(
            err.contains("cannot write to standard output") && err.contains("No space left"),
            "{args:?}: {err}"
        );
        assert_eq!(err.lines().count(), 1, "one message: {err}");
    }
}

#[test]
fn out_refuses_fifos_devices_and_directories_and_leaves_them_alone() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let fifo_s = fifo.to_str().unwrap();
    let dir_s = dir.path().to_str().unwrap();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["compare", "--runs", "5", "--out", fifo_s], "FIFO"),
        (
            vec!["compare", "--runs", "5", "--out", "/dev/null"],
            "character device",
        ),
        (
            vec![
                "decompose",
                "status-quo",
                "toolkit",
                "--runs",
                "5",
                "--out",
                dir_s,
            ],
            "directory",
        ),
        (
            vec![
                "members", "--model", "toolkit", "--runs", "3", "--out", fifo_s,
            ],
            "FIFO",
        ),
        (
            vec!["experiment", "--samples", "4", "--out", "/dev/null"],
            "character device",
        ),
        (
            vec!["run", "--model", "toolkit", "--runs", "3", "--out", fifo_s],
            "FIFO",
        ),
        (
            vec!["report", "--runs", "3", "--out", "/dev/null"],
            "character device",
        ),
    ];
    for (args, kind) in cases {
        let o = natosim(&args);
        assert_no_panic(&o, &args.join(" "));
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = text(&o.stderr);
        assert!(
            err.contains(kind) && err.contains("--out"),
            "{args:?}: {err}"
        );
        assert!(!err.contains("wrote"), "{err}");
    }
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    assert!(
        std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
    let o = natosim(&["compare", "--runs", "5", "--out", "/dev/null"]);
    assert!(
        text(&o.stderr).contains("redirect standard output"),
        "the message says what to do instead"
    );
}

/// A target natosim cannot write is reported before the simulation: with
/// runs that would take hours, the command still ends at once with exit 2.
/// (The wait has a generous bound only so that a regression fails instead
/// of hanging the test suite.)
#[test]
fn unwritable_targets_are_found_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let under_file = file.join("out.csv");
    let under_file = under_file.to_str().unwrap();
    let under_file_dir = file.join("report");
    let under_file_dir = under_file_dir.to_str().unwrap();
    let cases: Vec<Vec<&str>> = vec![
        vec![
            "compare",
            "--runs",
            "20000000",
            "--out",
            "/proc/natosim-test/c.csv",
        ],
        vec!["compare", "--runs", "20000000", "--out", under_file],
        vec!["report", "--runs", "20000000", "--out", under_file_dir],
        vec![
            "report",
            "--runs",
            "20000000",
            "--out",
            "/proc/natosim-test",
        ],
        vec![
            "run",
            "--model",
            "toolkit",
            "--runs",
            "20000000",
            "--out",
            "/proc/natosim-test",
        ],
        vec![
            "experiment",
            "--samples",
            "2000000",
            "--out",
            "/proc/natosim-test/e.csv",
        ],
        vec![
            "sensitivity",
            "--metric",
            "p_attack",
            "--samples",
            "2000000",
            "--out",
            "/proc/natosim-test",
        ],
    ];
    for args in cases {
        let mut child = Command::new(BIN)
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let start = std::time::Instant::now();
        loop {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            if start.elapsed() > std::time::Duration::from_secs(120) {
                child.kill().unwrap();
                panic!("{args:?}: the simulation started before the output was checked");
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let o = child.wait_with_output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o.stderr));
        let err = text(&o.stderr);
        let target = args[args.len() - 1];
        assert!(err.contains(target), "{args:?} names the path: {err}");
        assert!(o.stdout.is_empty());
    }
}

fn fragments(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".natosim-tmp-"))
        .collect();
    v.sort();
    v
}

/// Kills natosim while it writes: its temporary file stays behind (nothing
/// can remove it), and the next write into the same directory removes it,
/// while a live process's fragment and a user's own `.tmp` file stay.
#[test]
fn fragments_of_killed_runs_are_cleaned_up_by_the_next_write() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("experiment.csv");
    let mut child = Command::new(BIN)
        .args(["experiment", "--samples", "200000", "--out"])
        .arg(&target)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // `experiment` streams its table into a temporary file beside the target.
    let start = std::time::Instant::now();
    loop {
        let streaming = fragments(dir.path())
            .iter()
            .any(|n| std::fs::metadata(dir.path().join(n)).is_ok_and(|m| m.len() > 0));
        if streaming {
            break;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the experiment ended early"
        );
        assert!(
            start.elapsed().as_secs() < 120,
            "no temporary file appeared"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let left = fragments(dir.path());
    assert!(!left.is_empty(), "a killed run leaves its fragment");
    assert!(
        left.iter()
            .all(|n| n.starts_with(&format!(".natosim-tmp-{}-", child.id()))),
        "named after the process: {left:?}"
    );
    assert!(!target.exists(), "no half table under the target's name");

    // This test's process is alive: a fragment in its name is in use and stays.
    let live_tag = left[0]
        .strip_prefix(&format!(".natosim-tmp-{}-", child.id()))
        .unwrap()
        .split('-')
        .next()
        .unwrap()
        .to_string();
    let live = dir.path().join(format!(
        ".natosim-tmp-{}-{live_tag}-Qq56ef",
        std::process::id()
    ));
    std::fs::write(&live, "in use").unwrap();
    let users = dir.path().join(".tmp-users-own");
    std::fs::write(&users, "mine").unwrap();

    let out = dir.path().join("compare.csv");
    let o = natosim(&[
        "compare",
        "--runs",
        "5",
        "--format",
        "csv",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(
        fragments(dir.path()),
        vec![live.file_name().unwrap().to_string_lossy().into_owned()],
        "only the live process's fragment is left"
    );
    assert!(users.exists() && out.is_file());
}

#[test]
fn a_run_directory_is_one_set_an_old_trace_does_not_stay_beside_a_new_summary() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("edu");
    let out_s = out.to_str().unwrap();
    let first = natosim(&[
        "run", "--model", "toolkit", "--runs", "3", "--out", out_s, "--trace", "1",
    ]);
    assert!(first.status.success(), "{}", text(&first.stderr));
    assert!(out.join("trace.csv").is_file());
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    let inode = std::fs::metadata(&out).unwrap().ino();
    let second = natosim(&[
        "run", "--model", "toolkit", "--runs", "3", "--seed", "9", "--out", out_s,
    ]);
    assert!(second.status.success(), "{}", text(&second.stderr));
    assert!(
        !out.join("trace.csv").exists(),
        "the first run's trace is gone"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "mine"
    );
    let summary = std::fs::read_to_string(out.join("summary.json")).unwrap();
    assert!(summary.contains("\"seed\": 9"), "{summary}");
    assert_ne!(
        std::fs::metadata(&out).unwrap().ino(),
        inode,
        "the directory was swapped in as a whole, not rewritten file by file"
    );
    let fragments: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with(".natosim-tmp-")
        })
        .collect();
    assert!(fragments.is_empty());
}

#[test]
fn output_directories_and_their_files_respect_the_umask() {
    for (umask, dir_mode, file_mode) in [("022", 0o755, 0o644), ("077", 0o700, 0o600)] {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("out");
        let o = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "umask {umask} && exec \"$0\" run --model toolkit --runs 3 --out \"$1\""
            ))
            .arg(BIN)
            .arg(&out)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", text(&o.stderr));
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&out), dir_mode, "umask {umask}: directory");
        assert_eq!(mode(&out.join("summary.json")), file_mode, "umask {umask}");
        assert_eq!(mode(&out.join("series.csv")), file_mode, "umask {umask}");
    }
}
