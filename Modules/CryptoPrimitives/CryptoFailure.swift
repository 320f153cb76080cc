import CLibSSL

/// Errors from OpenSSL, carrying OpenSSL's error-queue text.
public struct CryptoFailure: Error, Sendable, CustomStringConvertible {
    /// What failed, followed by the entries OpenSSL had queued for it.
    public let message: String

    public var description: String { message }

    init(_ message: String) {
        self.message = message
    }

    /// A failure of `operation` that drains this thread's OpenSSL error queue into the message.
    static func openSSL(_ operation: String) -> CryptoFailure {
        var entries: [String] = []
        var code = ERR_get_error()
        while code != 0 {
            var text = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &text, text.count)
            entries.append(String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
            code = ERR_get_error()
        }
        if entries.isEmpty {
            return CryptoFailure("\(operation) failed")
        }
        return CryptoFailure("\(operation) failed: \(entries.joined(separator: "; "))")
    }
}
