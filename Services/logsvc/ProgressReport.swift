import Glibc

/// Progress of a long admin operation: a bar redrawn in place on a terminal, plain lines otherwise.
final class ProgressReport {
    private let label: String
    private let isTerminal = isatty(STDOUT_FILENO) == 1
    private var drew = false

    init(label: String) { self.label = label }

    func update(done: Int, remaining: Int) {
        let total = max(done + remaining, 1)
        if isTerminal {
            let width = 30
            let filled = width * done / total
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            print("\r[\(bar)] \(done)/\(total) \(label)", terminator: "")
            fflush(nil)
            drew = true
        } else {
            print("\(label) \(done), \(remaining) remaining")
        }
    }

    func finish() {
        if drew { print("") }
    }
}
