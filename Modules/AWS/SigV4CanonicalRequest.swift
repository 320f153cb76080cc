/// The canonical form of a request that SigV4 hashes, built from the request exactly as given.
struct SigV4CanonicalRequest {
    let text: String
    let signedHeaders: String

    init(_ request: SignableRequest) {
        let (headerLines, signedHeaders) = SigV4CanonicalRequest.canonicalHeaders(request.headers)
        self.signedHeaders = signedHeaders
        text = [
            request.method,
            SigV4CanonicalRequest.canonicalURI(request.path),
            SigV4CanonicalRequest.canonicalQuery(request.queryItems),
            headerLines,
            signedHeaders,
            request.payloadHash,
        ].joined(separator: "\n")
    }

    /// The path with empty, `.` and `..` segments resolved, each remaining segment encoded once.
    static func canonicalURI(_ path: String) -> String {
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..": _ = segments.popLast()
            default: segments.append(segment)
            }
        }
        guard !segments.isEmpty else { return "/" }
        let joined = "/" + segments.map { PercentEncoding.encode(String($0)) }.joined(separator: "/")
        return path.hasSuffix("/") ? joined + "/" : joined
    }

    /// `name=value` pairs, encoded, sorted by name then value, joined by `&`.
    static func canonicalQuery(_ items: [AWSQueryItem]) -> String {
        items
            .map { (name: PercentEncoding.encode($0.name), value: PercentEncoding.encode($0.value)) }
            .sorted { lhs, rhs in
                lhs.name == rhs.name
                    ? lhs.value.utf8.lexicographicallyPrecedes(rhs.value.utf8)
                    : lhs.name.utf8.lexicographicallyPrecedes(rhs.name.utf8)
            }
            .map { $0.name + "=" + $0.value }
            .joined(separator: "&")
    }

    /// One `name:value` line per lowercased name (repeated fields comma-joined in order), and the name list.
    static func canonicalHeaders(_ fields: [AWSHeaderField]) -> (lines: String, signedHeaders: String) {
        var valuesByName: [String: [String]] = [:]
        for field in fields {
            valuesByName[field.name.lowercased(), default: []].append(normalizedValue(field.value))
        }
        let names = valuesByName.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let lines = names.map { name in
            name + ":" + (valuesByName[name] ?? []).joined(separator: ",") + "\n"
        }
        return (lines.joined(), names.joined(separator: ";"))
    }

    /// The value without surrounding blanks and with each inner run of blanks made one space.
    static func normalizedValue(_ value: String) -> String {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }
}
