//! `cargo xtask`: development chores that would otherwise be shell scripts.
//!
//! `cargo xtask test` is the project's one test command (the README's and CI's): it
//! checks formatting and lints, runs every test, and then the browser test: it installs
//! what that needs and cargo does not (Chromium from the Debian archive, the Node package
//! in `crates/millwatch-web/browser` by its lock file), makes a demo case, serves it on a
//! free loopback port and drives it in headless Chromium (`browser/test.js`), screenshots
//! going to `target/browser-shots/`. Kept in Rust so that it behaves the same on every
//! machine.
//!
//! `MILLWATCH_SKIP_BROWSER=1` skips the browser test on a developer's machine; under CI
//! (`CI` set) it is ignored and a browser that cannot be installed fails the run.

#![allow(clippy::print_stderr)] // A dev tool talking to its user.

use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

/// Where the browser is expected, and installed by `apt-get install chromium`.
const CHROMIUM: &str = "/usr/bin/chromium";
/// The whole Node test may take no longer than this.
const BROWSER_TIMEOUT: Duration = Duration::from_secs(170);

fn main() -> anyhow::Result<()> {
    let task = std::env::args().nth(1).unwrap_or_default();
    match task.as_str() {
        "test" => test(),
        "browser" => browser(),
        _ => anyhow::bail!("usage: cargo xtask test | cargo xtask browser"),
    }
}

fn test() -> anyhow::Result<()> {
    run("cargo", &["fmt", "--all", "--", "--check"])?;
    run(
        "cargo",
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    )?;
    run("cargo", &["test", "--workspace", "--all-targets"])?;
    run("cargo", &["test", "--workspace", "--doc"])?;
    browser()
}

fn run(cmd: &str, args: &[&str]) -> anyhow::Result<()> {
    run_in(None, cmd, args)
}

fn run_in(dir: Option<&Path>, cmd: &str, args: &[&str]) -> anyhow::Result<()> {
    eprintln!("$ {cmd} {}", args.join(" "));
    let mut c = Command::new(cmd);
    c.args(args);
    if let Some(d) = dir {
        c.current_dir(d);
    }
    let status = c
        .status()
        .map_err(|e| anyhow::anyhow!("cannot run `{cmd}`: {e}"))?;
    anyhow::ensure!(
        status.success(),
        "`{cmd} {}` failed: {status}",
        args.join(" ")
    );
    Ok(())
}

fn workspace() -> PathBuf {
    let xtask = Path::new(env!("CARGO_MANIFEST_DIR"));
    xtask.parent().unwrap_or(xtask).to_owned()
}

fn target_dir(root: &Path) -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(t) => root.join(t),
        None => root.join("target"),
    }
}

/// Installs Debian packages, refreshing the package lists once if the first try fails.
fn apt_install(packages: &[&str]) -> anyhow::Result<()> {
    let mut args = vec!["install", "-y"];
    args.extend_from_slice(packages);
    if run("apt-get", &args).is_ok() {
        return Ok(());
    }
    run("apt-get", &["update"])?;
    run("apt-get", &args)
}

fn has(cmd: &str) -> bool {
    Command::new(cmd)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The browser test: see the module docs.
fn browser() -> anyhow::Result<()> {
    let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false");
    if !ci && std::env::var("MILLWATCH_SKIP_BROWSER").as_deref() == Ok("1") {
        eprintln!("browser test skipped (MILLWATCH_SKIP_BROWSER=1)");
        return Ok(());
    }
    let started = Instant::now();
    if !Path::new(CHROMIUM).exists() {
        apt_install(&["chromium"])
            .map_err(|e| anyhow::anyhow!("Chromium is needed for the browser test: {e}"))?;
    }
    anyhow::ensure!(
        Path::new(CHROMIUM).exists(),
        "{CHROMIUM} is still missing after installing chromium"
    );
    if !has("node") || !has("npm") {
        apt_install(&["nodejs", "npm"])?;
    }
    let root = workspace();
    let package = root.join("crates/millwatch-web/browser");
    run_in(
        Some(&package),
        "npm",
        &["ci", "--no-audit", "--no-fund", "--loglevel=error"],
    )?;
    run(
        "cargo",
        &["build", "-p", "millwatch-cli", "--bin", "millwatch"],
    )?;
    let target = target_dir(&root);
    let millwatch = target.join("debug/millwatch");
    let shots = target.join("browser-shots");
    let _ = std::fs::remove_dir_all(&shots);

    let demo = std::env::temp_dir().join(format!("millwatch-browser-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&demo);
    std::fs::create_dir_all(&demo)?;
    let result = (|| {
        let out = demo.to_string_lossy().into_owned();
        run(
            &millwatch.to_string_lossy(),
            &["demo", "--quiet", "--out", &out],
        )?;
        let port = free_port()?;
        let addr = format!("127.0.0.1:{port}");
        let case = demo.join("millwatch.db");
        eprintln!("$ millwatch serve --addr {addr} --case {}", case.display());
        let server = Server(
            Command::new(&millwatch)
                .args(["serve", "--quiet", "--addr", &addr, "--case"])
                .arg(&case)
                // Each re-link step pauses, so the test sees the progress page move.
                .env("MILLWATCH_SLOW_JOBS", "150")
                .spawn()?,
        );
        wait_listening(port)?;
        eprintln!("$ node test.js");
        let node = Command::new("node")
            .arg("test.js")
            .current_dir(&package)
            .env("MILLWATCH_URL", format!("http://{addr}"))
            .env("MILLWATCH_DEMO", &demo)
            .env("MILLWATCH_SHOTS", &shots)
            .env("CHROMIUM", CHROMIUM)
            .spawn()?;
        let status = wait_bounded(node, BROWSER_TIMEOUT)?;
        drop(server);
        anyhow::ensure!(status, "the browser test failed");
        Ok(())
    })();
    let _ = std::fs::remove_dir_all(&demo);
    eprintln!(
        "browser test: {} in {:.1}s; screenshots in {}",
        if result.is_ok() { "passed" } else { "FAILED" },
        started.elapsed().as_secs_f64(),
        shots.display()
    );
    result
}

/// A child process killed when dropped, whatever happened.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> anyhow::Result<u16> {
    let l = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
    Ok(l.local_addr()?.port())
}

fn wait_listening(port: u16) -> anyhow::Result<()> {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    anyhow::bail!("millwatch serve did not start listening on {addr}")
}

/// Waits for `child`, killing it after `limit`; whether it succeeded.
fn wait_bounded(mut child: Child, limit: Duration) -> anyhow::Result<bool> {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(status.success());
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            anyhow::bail!("the browser test took longer than {}s", limit.as_secs());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}
