//! What every pseudo-terminal test of the real binary shares.

use std::io::Read;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

/// A terminal-side handle and the child running in it.
pub type Spawned = (Box<dyn MasterPty + Send>, Box<dyn Child + Send + Sync>);

/// gazette in a new 120×30 pseudo-terminal on the library `db` with `args`
/// after it, `dir` as its working and config directory, `env` set and the
/// variables in `unset` removed (the user's own library is never touched).
pub fn spawn(
    dir: &Path,
    db: &Path,
    args: &[&str],
    env: &[(&str, &str)],
    unset: &[&str],
) -> Spawned {
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 30,
            cols: 120,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_gazette"));
    cmd.arg("--db");
    cmd.arg(db);
    for a in args {
        cmd.arg(a);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.env("TERM", "xterm-256color");
    cmd.env_remove("GAZETTE_DB");
    for k in unset {
        cmd.env_remove(k);
    }
    cmd.env("XDG_CONFIG_HOME", dir);
    cmd.cwd(dir);
    let child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    (pair.master, child)
}

/// Feeds everything the terminal receives to `screen` until it closes.
pub fn pump<CB: vt100::Callbacks + Send + 'static>(
    master: &dyn MasterPty,
    screen: &Arc<Mutex<vt100::Parser<CB>>>,
) -> JoinHandle<()> {
    let mut reader = master.try_clone_reader().unwrap();
    let screen = Arc::clone(screen);
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            screen.lock().unwrap().process(&buf[..n]);
        }
    })
}

/// Waits for gazette to exit after a quit key or signal; failing after 20 s
/// names the hang rather than letting the test run forever.
pub fn wait_exit(child: &mut (dyn Child + Send + Sync)) -> ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "gazette did not exit"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Waits until the screen shows what `ok` looks for; failing after 20 s
/// prints the screen it was looking at.
pub fn wait_for<CB: vt100::Callbacks>(
    screen: &Mutex<vt100::Parser<CB>>,
    what: &str,
    ok: impl Fn(&vt100::Screen) -> bool,
) {
    let start = Instant::now();
    loop {
        {
            let p = screen.lock().unwrap();
            if ok(p.screen()) {
                return;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "timed out waiting for {what}; screen:\n{}",
                p.screen().contents()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}
