//! This process's memory, for benchmarks (Linux: `/proc/self`).

fn status_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

/// The peak resident set since start, or since the last [`reset_peak`].
pub fn peak_rss_kib() -> u64 {
    status_kib("VmHWM:")
}

pub fn current_rss_kib() -> u64 {
    status_kib("VmRSS:")
}

/// Resets the peak-RSS counter to the current RSS (`clear_refs` 5).
pub fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}
