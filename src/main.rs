//! The `gazette` binary: argument parsing lives in the library's `cli` module.

fn main() -> std::process::ExitCode {
    gazette::cli::main()
}
