import Testing

/// Parent of the suites that use real files and wall-clock bounds (reload within 1 s, the
/// 1,000-rewrite race): run one at a time, so the CPU-heavy race does not starve the
/// reload loop whose latency another test measures.
@Suite(.serialized) enum TogglesFileTests {}
