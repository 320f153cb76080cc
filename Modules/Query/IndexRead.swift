import Model
import Storage

/// A scan through a blind index (docs/query-language.md#encrypted-indexes): from the newest entry down to where the
/// index begins, only the entries written with one of `tokens`; below that, every entry, as without an index.
struct IndexRead {
    let tokens: [IndexToken]
    /// Where the index begins: every entry from here on that has the field carries its token.
    let since: Timestamp

    /// The position at which reading by token ends and the plain read below the index goes on: just after the last
    /// possible key before `since` (ids are letters, digits and `._:-`, all below `~`).
    var boundary: EntryKey { EntryKey(timestamp: Timestamp(microseconds: since.microseconds - 1), id: "~") }

    /// Whether a read from `position` (nil: the newest) goes by token.
    func readsByToken(from position: EntryKey?) -> Bool {
        guard let position, since.microseconds > .min else { return true }
        return position > boundary
    }

    /// Whether `filter`'s range reaches below the index, where entries may lack tokens.
    func reachesBelow(_ filter: EntryFilter) -> Bool {
        since.microseconds > (filter.since?.microseconds ?? .min)
    }

    /// `filter` within the index: from `since` on.
    func within(_ filter: EntryFilter) -> EntryFilter {
        EntryFilter(minimumSeverity: filter.minimumSeverity, since: max(filter.since ?? since, since), until: filter.until,
                    text: filter.text, query: filter.query)
    }
}
