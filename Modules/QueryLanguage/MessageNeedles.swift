import Model

/// Texts every message a query admits holds, in lower case: the words, word prefixes and phrases of its filter, alone
/// or in its top-level `and`, and the old `q` substring. They reject an entry from its decrypted payload's bytes,
/// before it is decoded: a message of ASCII without one of them, in any case, fails the query (`MessageText` searches
/// such a message byte by byte and finds what the Unicode search finds). Needles of other characters, or with CR or
/// LF, reject nothing.
public struct MessageNeedles: Sendable {
    private let needles: [[UInt8]]

    public init(filter: QueryFilter?, substring: String?) {
        var texts = substring.map { [$0] } ?? []
        switch filter {
        case .and(let parts): texts += parts.compactMap(MessageNeedles.text)
        case let filter?: texts += MessageNeedles.text(of: filter).map { [$0] } ?? []
        case nil: break
        }
        needles = texts.map { Array($0.utf8) }.filter { needle in
            !needle.isEmpty && needle.allSatisfy { $0 < 0x80 && $0 != 0x0A && $0 != 0x0D }
        }
    }

    public var isEmpty: Bool { needles.isEmpty }

    /// False only when the message of `payload` (`EntryPayload.bytes`) lacks a needle, so the query cannot admit it.
    public func mayAdmit(_ payload: [UInt8]) -> Bool {
        guard !needles.isEmpty else { return true }
        let ranges = EntryPayload.messageRanges(in: payload)
        guard !ranges.isEmpty else { return true }
        return payload.withUnsafeBufferPointer { bytes in
            needles.allSatisfy { needle in
                needle.withUnsafeBufferPointer { needle in
                    ranges.contains { range in
                        let message = UnsafeBufferPointer(rebasing: bytes[range])
                        return MessageText.search(message, for: needle, word: false, prefix: false) || !message.isASCII
                    }
                }
            }
        }
    }

    private static func text(of filter: QueryFilter) -> String? {
        switch filter {
        case .word(let text), .wordPrefix(let text), .phrase(let text): text
        default: nil
        }
    }
}
