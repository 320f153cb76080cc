/// Where a node starts: the file it came from and its 1-based line and column.
struct YAMLMark: Sendable, Equatable {
    let file: String
    let line: Int
    let column: Int
}
