//! The `gazette` binary: argument parsing lives in the library's `cli` module.

/// mimalloc instead of glibc's malloc: see `gazette::alloc`.
#[global_allocator]
static GLOBAL: gazette::alloc::Mimalloc = gazette::alloc::Mimalloc;

fn main() -> std::process::ExitCode {
    gazette::cli::main()
}
