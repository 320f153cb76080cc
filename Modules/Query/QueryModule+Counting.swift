import Bus
import Model
import QueryLanguage
import Storage

extension QueryModule {
    /// Entries a slice of time counted in the store should hold, at the rate earlier slices had: a few milliseconds
    /// of counting, so a count stops close to its deadline.
    static let sliceEntries = 250_000
    /// The longest slice of time: a century.
    static let maxSliceMicroseconds: Int64 = 100 * 366 * 86_400 * 1_000_000

    /// Adds to `stats` the store's counts (`LogStore.severityCounts`) of the plan's range older than `position`,
    /// newest first, a slice of time at a time, each slice inside one bucket of every `bin` (its entries join the
    /// table as one entry per severity the filter passes, at the slice's newest time). Stops, like a scan, at the
    /// scan's deadline (`ScanReader.deadline`; the first slice is always counted) or once the table holds
    /// `max_stats_bytes`, and returns where to go on from: the start of the last slice counted (nil: the range is
    /// counted). `cancelled` once the caller is.
    func countInStore(_ stats: inout StatsAggregation, plan: QueryPlan, tenant: TenantID, from position: EntryKey?)
        async throws(ServiceError) -> EntryKey? {
        let deadline = ScanReader.deadline(settings)
        let filter = plan.storeFilter
        let anyEntry = EntryFilter(since: filter.since, until: filter.until)
        let binnings = stats.groups.compactMap { group -> TimeBinning? in
            if case .bin(let seconds, nil) = group { TimeBinning(seconds: seconds, zone: nil) } else { nil }
        }
        var before = position
        var width: Int64 = 60_000_000
        var counted = false
        // The newest time the next slice may hold when the last one found entries (more are likely just below it);
        // else the store is asked for the newest entry left, which skips empty time.
        var below: Timestamp?
        while !counted || ContinuousClock.now < deadline {
            guard !Task.isCancelled else { throw ServiceError.cancelled }
            var newest = below
            if newest == nil {
                newest = try await store.recent(tenant: tenant, limit: 1, before: before, filter: anyEntry).entries.first?.key.timestamp
            }
            guard let newest else { return nil }
            var start = max(newest.microseconds - width + 1, filter.since?.microseconds ?? .min)
            for binning in binnings { start = max(start, binning.bucket(of: newest).start.microseconds) }
            let slice = EntryFilter(minimumSeverity: filter.minimumSeverity, since: Timestamp(microseconds: start), until: filter.until)
            let counts = try await store.severityCounts(tenant: tenant, before: before, filter: slice)
            for (severity, count) in counts {
                let entry = LogEntry(id: "", timestamp: newest, severity: severity, payload: nil)
                if plan.admits(entry) { stats.add(entry, times: count) }
            }
            // The next slice spans the time that holds `sliceEntries` at this slice's rate: at most 16 times as long,
            // and at most `maxSliceMicroseconds`.
            let span = Double(newest.microseconds - start + 1)
            let total = Double(counts.values.reduce(0, +))
            let wanted = total == 0 ? .infinity : span * Double(QueryModule.sliceEntries) / total
            width = Int64(max(1, min(Double(width) * 16, wanted, Double(QueryModule.maxSliceMicroseconds))))
            before = EntryKey(timestamp: Timestamp(microseconds: start), id: "")
            counted = true
            if let since = filter.since?.microseconds, start <= since { return nil }
            below = total > 0 ? Timestamp(microseconds: start - 1) : nil
            guard stats.heldBytes <= settings.maxStatsBytes else { break }
        }
        return before
    }
}
