import Model
import Storage

/// The entries of one page as they are found, within the page's byte bound and its caller's budget: a later
/// entry that would take the page past `maxBytes`, or past what the budget has left, is not taken; the first
/// always is (charged to the budget even past what it has left), so every page moves its reader on. Bytes are
/// drawn from the budget `block` at a time, and what a page leaves unused goes back with `returnUnused()`.
struct PageBuilder {
    let maxBytes: Int
    let budget: BatchBudget?
    private(set) var logs: [LogEntry] = []
    private var bytes = 0
    /// Drawn from the budget and not used yet.
    private var reserved = 0

    static let block = 65_536

    init(maxBytes: Int, budget: BatchBudget?) {
        self.maxBytes = maxBytes
        self.budget = budget
    }

    /// Adds `entry`; false (and nothing added) when it does not fit.
    mutating func add(_ entry: LogEntry) -> Bool {
        let size = PageBuilder.size(of: entry)
        guard logs.isEmpty || bytes + size <= maxBytes else { return false }
        if let budget, reserved < size {
            let missing = size - reserved
            if budget.takeBytes(max(missing, PageBuilder.block)) {
                reserved += max(missing, PageBuilder.block)
            } else if budget.takeBytes(missing) {
                reserved = size
            } else if logs.isEmpty {
                budget.charge(bytes: missing)
                reserved = size
            } else {
                return false
            }
        }
        if budget != nil { reserved -= size }
        logs.append(entry)
        bytes += size
        return true
    }

    /// Gives the bytes drawn and not used back to the budget.
    mutating func returnUnused() {
        budget?.giveBackBytes(reserved)
        reserved = 0
    }

    var lastKey: EntryKey? { logs.last.map { EntryKey(timestamp: $0.timestamp, id: $0.id) } }

    /// About the bytes an entry adds to an answer: its message and attributes (entry, resource, scope) as UTF-8,
    /// 8 per attribute for punctuation, and 128 for its id, timestamp, severity and the other fields.
    static func size(of entry: LogEntry) -> Int {
        guard let payload = entry.payload else { return 128 }
        let lists = [payload.attributes, payload.resource, payload.scope?.attributes ?? [:]]
        return lists.reduce(128 + payload.message.utf8.count + (payload.scope?.name.utf8.count ?? 0)) { $0 + $1.size + $1.count * 8 }
    }
}
