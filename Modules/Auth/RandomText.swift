/// Random identifiers and passwords, drawn without bias from the system's secure generator
/// (`SystemRandomNumberGenerator`: getrandom(2) on Linux).
enum RandomText {
    static let alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    static let lowercaseAlphanumeric = "abcdefghijklmnopqrstuvwxyz0123456789"

    static func make(_ count: Int, from alphabet: String) -> String {
        let characters = Array(alphabet)
        return String((0..<count).map { _ in characters[Int.random(in: 0..<characters.count)] })
    }

    /// 16 characters with at least one upper, lower, digit and symbol (Cognito's default policy).
    static func temporaryPassword() -> String {
        let classes = ["ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnopqrstuvwxyz", "23456789", "!#%+-.:=?@^_"]
        let required = classes.map { make(1, from: $0) }.joined()
        return String((required + make(12, from: classes.joined())).shuffled())
    }
}
