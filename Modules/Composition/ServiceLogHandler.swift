import Foundation
import Glibc
import Logging
import Model

/// The service's log lines on standard error, one `write` each: `text` (`<time> <level> <label>: <message>
/// key=value ...`) or `json` (one object per line: `time`, `level`, `label`, `message` and the metadata's keys).
/// Metadata carries what clients sent (a username, a client id), so in text every control character of the
/// message and of each value is escaped (`\n`, `\u{1b}`), and a backslash is doubled: no byte a client sends
/// can start a line of its own or restyle a terminal.
struct ServiceLogHandler: LogHandler {
    let label: String
    let format: LogFormat
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let given = event.metadata { merged.merge(given) { $1 } }
        let line = ServiceLogHandler.line(time: Date(), level: event.level, label: label, message: event.message.description,
                                          metadata: merged, format: format)
        line.withCString { _ = Glibc.write(2, $0, strlen($0)) }
    }

    /// One formatted line, newline included.
    static func line(time: Date, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata,
                     format: LogFormat) -> String {
        let stamp = time.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
        switch format {
        case .text:
            let pairs = metadata.sorted { $0.key < $1.key }.map { " \(escaped($0.key))=\(escaped($0.value.description))" }.joined()
            return "\(stamp) \(level) \(escaped(label)): \(escaped(message))\(pairs)\n"
        case .json:
            var object = metadata.mapValues(\.description)
            object["time"] = stamp
            object["level"] = level.rawValue
            object["label"] = label
            object["message"] = message
            let encoded = (try? JSONCoding.encoder().encode(object)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
            return encoded + "\n"
        }
    }

    /// `text` with control characters (C0, DEL, C1) escaped and backslashes doubled.
    static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0 == "\\" }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value):
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
