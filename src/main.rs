//! The `gazette` binary: argument parsing lives in the library's `cli` module.

/// mimalloc instead of glibc's malloc: extraction makes many small,
/// short-lived allocations on worker threads that the main thread frees, and
/// glibc's arenas made allocation ~10% of `gazette entities`' instructions.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    gazette::cli::main()
}
