import Model
import QueryLanguage

/// The first `count` entries in `order` among those offered (`| sort`), whose messages and attributes together
/// stay within `maxBytes` (as `PageBuilder` counts them): when they would not, the last ones go and the answer
/// holds fewer, always at least one.
struct SortedEntries {
    let order: EntryOrder
    private(set) var count: Int
    let maxBytes: Int
    private(set) var entries: [LogEntry] = []
    private var bytes = 0

    init(order: EntryOrder, count: Int, maxBytes: Int) {
        self.order = order
        self.count = count
        self.maxBytes = maxBytes
    }

    /// Takes `entry` if it is among the first; always true (the scan goes on).
    mutating func add(_ entry: LogEntry) -> Bool {
        if entries.count == count, let last = entries.last, !order.precedes(entry, last) { return true }
        var low = 0, high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if order.precedes(entries[middle], entry) { low = middle + 1 } else { high = middle }
        }
        entries.insert(entry, at: low)
        bytes += PageBuilder.size(of: entry)
        if entries.count > count { bytes -= PageBuilder.size(of: entries.removeLast()) }
        while bytes > maxBytes, entries.count > 1 {
            bytes -= PageBuilder.size(of: entries.removeLast())
            count = entries.count
        }
        return true
    }
}
