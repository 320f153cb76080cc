/// Random identifiers and passwords, drawn without bias from the system's secure generator
/// (`SystemRandomNumberGenerator`: getrandom(2) on Linux).
enum RandomText {
    static let alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    static let lowercaseAlphanumeric = "abcdefghijklmnopqrstuvwxyz0123456789"

    static func make(_ count: Int, from alphabet: String) -> String {
        let characters = Array(alphabet)
        return String((0..<count).map { _ in characters[Int.random(in: 0..<characters.count)] })
    }

    /// The symbols of temporary passwords: among Cognito's, only those that need no quoting in a shell command
    /// and none of the syntax of the aws CLI's shorthand (`USERNAME=u,PASSWORD=p`), where `=` or `,` in a
    /// value breaks the parse.
    static let passwordSymbols = "%+-.:@_"

    /// 16 characters with at least one upper, lower, digit and symbol (Cognito's default policy).
    static func temporaryPassword() -> String {
        let classes = ["ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnopqrstuvwxyz", "23456789", passwordSymbols]
        let required = classes.map { make(1, from: $0) }.joined()
        return String((required + make(12, from: classes.joined())).shuffled())
    }
}
