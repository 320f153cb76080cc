import Bus
import Hummingbird
import Model
import NIOCore

/// The one order in which every route that acts for a caller admits a request, so that nothing but bounded work
/// is spent before the caller is known, and what a request holds is counted within its caller's share:
///
/// 1. `caller(of:context:)`: the token is checked from the head, a body that is not JSON is refused by its
///    media type, and a caller holding its share of unsent answers (`AnswerBudget`) is refused;
/// 2. a request that is one call reserves its place in the lane (`Bus.withPlace`: a place in the queue, not a
///    running slot); a JSON-RPC batch instead admits each of its calls like a request of its own;
/// 3. `body(of:for:_:)`: the body's declared bytes are reserved within the caller's share (`BodyBudget`), and
///    only then is the body read.
///
/// So a request that cannot run is refused before its body is read, and one whose body arrives slowly holds no
/// slot others could run in. The answer counts against the caller's share until it has been sent.
struct Admission: Sendable {
    let bus: Bus
    let bodies: BodyBudget
    let answers: AnswerBudget
    let maxBodyBytes: Int

    /// Step 1: the caller, refused (401, 415, 429) before anything else is spent on it. The body of a POST must be in
    /// one of the `accepted` formats (a body without a `Content-Type` is read as JSON) and in a supported
    /// `Content-Encoding`.
    func caller(of request: Request, context: GatewayContext, accepting accepted: Set<BodyFormat> = [.json])
        async throws(ServiceError) -> Principal
    {
        let principal = try await principal(of: request, context: context)
        if request.method == .post {
            guard let format = BodyFormat(of: request), accepted.contains(format) else {
                throw Admission.unsupportedMediaType(accepting: accepted)
            }
            _ = try ContentEncoding(field: request.headers[.contentEncoding])
        }
        try answers.checkRoom(for: principal.claimant)
        return principal
    }

    /// Step 1 of the administration routes (`/admin/...`): `caller`, then 403 without the `admin` role, before any
    /// body is read.
    func administrator(of request: Request, context: GatewayContext) async throws(ServiceError) -> Principal {
        let caller = try await caller(of: request, context: context)
        try caller.authorizeAdministration()
        return caller
    }

    /// Step 3: runs `work` with the body of `request`, decoded from its `Content-Encoding` (at most `maxBodyBytes`
    /// either way, else 413), holding its bytes within `principal`'s share until `work` returns.
    func body<T>(of request: Request, for principal: Principal, _ work: (ByteBuffer) async throws -> T) async throws -> T {
        let encoding = try ContentEncoding(field: request.headers[.contentEncoding])
        return try await bodies.withBody(of: request, for: principal.claimant, upTo: maxBodyBytes) { reader in
            try await work(try await reader.read(decoding: encoding))
        }
    }

    /// The caller: the principal an authorizer in front established, else the verified `Authorization` header
    /// (`<token>`, as the seed's curl sends it, or `Bearer <token>`).
    func principal(of request: Request, context: GatewayContext) async throws(ServiceError) -> Principal {
        if let principal = context.authorizedPrincipal { return principal }
        guard let header = request.headers[.authorization], let token = Admission.token(fromAuthorization: header) else {
            throw ServiceError.unauthenticated("missing Authorization header")
        }
        return try await bus.request(Topics.authVerify, Credential(token: token))
    }

    /// The token of an `Authorization` value: `<token>` or `Bearer <token>` (any case), spaces and tabs
    /// around it ignored; nil when nothing is left. Works on the UTF-8 bytes: a token is ASCII.
    static func token(fromAuthorization value: String) -> String? {
        func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        var bytes = value.utf8[...]
        while let first = bytes.first, isBlank(first) { bytes.removeFirst() }
        while let last = bytes.last, isBlank(last) { bytes.removeLast() }
        let scheme = Array("bearer ".utf8)
        if bytes.count > scheme.count, zip(bytes, scheme).allSatisfy({ $0 | 0x20 == $1 }) {
            bytes.removeFirst(scheme.count)
            while let first = bytes.first, isBlank(first) { bytes.removeFirst() }
        }
        return bytes.isEmpty ? nil : String(value[bytes.startIndex..<bytes.endIndex])
    }

    static let notJSON = unsupportedMediaType(accepting: [.json])

    /// 415, naming the media types a route takes.
    static func unsupportedMediaType(accepting accepted: Set<BodyFormat>) -> ServiceError {
        let names = BodyFormat.allCases.filter(accepted.contains).map(\.mediaType)
        let text = accepted.contains(.json) || accepted.contains(.ndjson) ? " (UTF-8)" : ""
        return ServiceError(.unsupportedMediaType, "send the body as \(names.joined(separator: " or "))\(text)")
    }
}

/// How a request body is framed, from its `Content-Type`: JSON, NDJSON (`application/x-ndjson`, one JSON text per
/// line, https://github.com/ndjson/ndjson-spec) or protobuf (`application/x-protobuf`, OTLP/HTTP's binary encoding),
/// where a route takes it.
enum BodyFormat: Sendable, Hashable, CaseIterable {
    case protobuf, json, ndjson

    /// The format of `request`'s body: JSON when it declares none; nil when it declares one we do not read.
    init?(of request: Request) {
        guard let field = request.headers[.contentType] else { self = .json; return }
        guard let type = ContentType(field) else { return nil }
        if type.isJSON { self = .json } else if type.isNDJSON { self = .ndjson } else if type.isProtobuf { self = .protobuf } else { return nil }
    }

    var mediaType: String {
        switch self {
        case .protobuf: "application/x-protobuf"
        case .json: "application/json"
        case .ndjson: "application/x-ndjson"
        }
    }
}
