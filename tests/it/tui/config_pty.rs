//! The real binary in a pseudo-terminal reads its config file: theme,
//! colour overrides, pane widths and remapped keys.

use std::io::Write;
use std::num::NonZeroU16;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::support::pty;

const CONFIG: &str = "[ui]\ntheme = \"light\"\nlist_width = 20\nside_width = 30\n[colors]\nborder = \"#ff0000\"\n[keys]\nquit = [\"ctrl-q\"]\n";

#[test]
fn the_reader_draws_what_the_config_file_asks_for() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("gazette")).unwrap();
    std::fs::write(dir.path().join("gazette/config.toml"), CONFIG).unwrap();
    let (master, mut child) = pty::spawn(
        dir.path(),
        &dir.path().join("x.db"),
        &[],
        &[],
        &["NO_COLOR"],
    );
    let screen = Arc::new(Mutex::new(vt100::Parser::new(
        NonZeroU16::new(30).unwrap(),
        NonZeroU16::new(120).unwrap(),
        0,
    )));
    let pump = pty::pump(master.as_ref(), &screen);
    let mut keys = master.take_writer().unwrap();

    pty::wait_for(&screen, "the list", |s| s.contents().contains("3 of 3"));
    {
        let p = screen.lock().unwrap();
        let s = p.screen();
        // list_width 20 % of 120: the list's right border at column 23 (24 is the minimum).
        let corner = |col: u16| s.cell(1, col).map(|c| c.contents().to_string());
        assert_eq!(corner(23).as_deref(), Some("┐"), "{}", s.contents());
        assert_eq!(corner(24).as_deref(), Some("┌"), "{}", s.contents());
        // The focused list's border in the override colour, the selected row on
        // the light preset's pale blue.
        assert_eq!(
            s.cell(1, 0).unwrap().fgcolor(),
            vt100::Color::Rgb(255, 0, 0)
        );
        assert_eq!(s.cell(2, 5).unwrap().bgcolor(), vt100::Color::Idx(153));
    }

    // With quit remapped to ctrl-q, q does not quit; ctrl-q does.
    keys.write_all(b"q").unwrap();
    keys.flush().unwrap();
    std::thread::sleep(Duration::from_millis(300));
    assert!(child.try_wait().unwrap().is_none(), "q still quits");
    keys.write_all(b"\x11").unwrap();
    keys.flush().unwrap();
    let status = pty::wait_exit(child.as_mut());
    assert!(status.success(), "{status:?}");
    drop(keys);
    drop(master);
    let _ = pump.join();
}
