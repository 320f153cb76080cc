/// Bytes of answers that one caller may hold in the process's memory, beyond the bounds of its own request:
/// the gateway's share of `gateway.max_pending_answer_bytes`, drawn on as an answer is built.
public protocol AnswerAllowance: Sendable {
    /// Takes `bytes` if the caller's share has room for them; false (taking nothing) otherwise.
    func take(_ bytes: Int) -> Bool
    /// Takes `bytes` whatever the share holds: for an answer that must be sent (the entries are stored).
    func charge(_ bytes: Int)
    /// Gives back `bytes` taken and not used after all.
    func give(_ bytes: Int)
}
