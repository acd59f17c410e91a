//! What every pseudo-terminal test of the real binary shares.
#![allow(dead_code)]

use std::sync::Mutex;
use std::time::{Duration, Instant};

use portable_pty::{Child, ExitStatus};

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
