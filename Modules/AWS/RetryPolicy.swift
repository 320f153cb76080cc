/// How `AWSClient` retries throttling, 5xx and connection failures: exponential backoff with full jitter,
/// bounded by a number of attempts and a total time budget for the whole call.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first included; 1 means never retry.
    public var maxAttempts: Int
    /// The backoff ceiling before the first retry; it doubles for each retry after that.
    public var baseDelay: Duration
    /// The largest backoff ceiling.
    public var maxDelay: Duration
    /// No retry starts later than this after the call began (the last attempt may still take its own timeout).
    public var totalBudget: Duration

    public init(maxAttempts: Int = 6, baseDelay: Duration = .milliseconds(50), maxDelay: Duration = .seconds(2),
                totalBudget: Duration = .seconds(10)) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = max(.zero, baseDelay)
        self.maxDelay = max(.zero, maxDelay)
        self.totalBudget = max(.zero, totalBudget)
    }

    /// The default: 6 attempts, 50 ms base, 2 s cap, 10 s budget.
    public static let standard = RetryPolicy()

    /// Never retry.
    public static let none = RetryPolicy(maxAttempts: 1)

    /// The backoff ceiling after `failedAttempts` failures (1 for the first): min(cap, base × 2^(n−1)).
    public func ceiling(afterFailedAttempts failedAttempts: Int) -> Duration {
        let doublings = min(max(0, failedAttempts - 1), 30)
        let ceiling = baseDelay * (1 << doublings)
        return min(ceiling, maxDelay)
    }

    /// The full-jitter wait after `failedAttempts` failures: `fraction` (in 0..<1) of the ceiling.
    public func delay(afterFailedAttempts failedAttempts: Int, fraction: Double) -> Duration {
        ceiling(afterFailedAttempts: failedAttempts) * min(max(fraction, 0), 1)
    }

    /// The full-jitter wait after `failedAttempts` failures, drawn uniformly from 0 up to the ceiling.
    public func randomDelay(afterFailedAttempts failedAttempts: Int) -> Duration {
        delay(afterFailedAttempts: failedAttempts, fraction: Double.random(in: 0..<1))
    }
}
