import Foundation
import Model

/// An API Gateway proxy event, REST API (payload 1.0) or HTTP API (payload 2.0), reduced to the HTTP request it
/// carries and the claims of the authorizer that let it through.
struct APIGatewayEvent: Decodable {
    enum Format: Sendable { case rest, http }

    let format: Format
    let method: String
    /// The path and query as sent, percent-encoded.
    let target: String
    let headers: [(name: String, value: String)]
    let body: [UInt8]
    /// The Cognito authorizer's claims: `requestContext.authorizer.claims` (REST) or `.jwt.claims` (HTTP API).
    let claims: [String: JSONValue]?

    private enum Keys: String, CodingKey {
        case version, httpMethod, path, headers, multiValueHeaders, multiValueQueryStringParameters, queryStringParameters
        case rawPath, rawQueryString, cookies, requestContext, body, isBase64Encoded
    }

    private struct RequestContext: Decodable {
        struct HTTP: Decodable { let method: String }
        struct Authorizer: Decodable {
            struct JWT: Decodable { let claims: [String: JSONValue]? }
            let claims: [String: JSONValue]?
            let jwt: JWT?
        }
        let http: HTTP?
        let authorizer: Authorizer?
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        let context = try container.decodeIfPresent(RequestContext.self, forKey: .requestContext)
        let text = try container.decodeIfPresent(String.self, forKey: .body) ?? ""
        if try container.decodeIfPresent(Bool.self, forKey: .isBase64Encoded) == true {
            guard let data = Data(base64Encoded: text) else {
                throw DecodingError.dataCorruptedError(forKey: .body, in: container, debugDescription: "the body is not base64")
            }
            body = Array(data)
        } else {
            body = Array(text.utf8)
        }
        claims = context?.authorizer?.claims ?? context?.authorizer?.jwt?.claims
        let headerMap = try container.decodeIfPresent([String: String].self, forKey: .headers) ?? [:]
        if try container.decodeIfPresent(String.self, forKey: .version) == "2.0" {
            format = .http
            guard let http = context?.http else {
                throw DecodingError.dataCorruptedError(forKey: .requestContext, in: container, debugDescription: "no requestContext.http")
            }
            method = http.method
            let path = try container.decode(String.self, forKey: .rawPath)
            let query = try container.decodeIfPresent(String.self, forKey: .rawQueryString) ?? ""
            target = APIGatewayEvent.encodedPath(path) + (query.isEmpty ? "" : "?" + query)
            var fields = headerMap.map { (name: $0.key, value: $0.value) }
            if let cookies = try container.decodeIfPresent([String].self, forKey: .cookies), !cookies.isEmpty {
                fields.append((name: "cookie", value: cookies.joined(separator: "; ")))
            }
            headers = fields
        } else {
            format = .rest
            method = try container.decode(String.self, forKey: .httpMethod)
            let path = try container.decode(String.self, forKey: .path)
            let multi = try container.decodeIfPresent([String: [String]].self, forKey: .multiValueQueryStringParameters)
            let single = try container.decodeIfPresent([String: String].self, forKey: .queryStringParameters)
            let query = multi ?? single?.mapValues { [$0] } ?? [:]
            let encoded = query.sorted { $0.key < $1.key }.flatMap { name, values in
                values.map { APIGatewayEvent.queryComponent(name) + "=" + APIGatewayEvent.queryComponent($0) }
            }.joined(separator: "&")
            target = APIGatewayEvent.encodedPath(path) + (encoded.isEmpty ? "" : "?" + encoded)
            let multiHeaders = try container.decodeIfPresent([String: [String]].self, forKey: .multiValueHeaders)
            headers = multiHeaders.map { $0.flatMap { name, values in values.map { (name: name, value: $0) } } }
                ?? headerMap.map { (name: $0.key, value: $0.value) }
        }
    }

    private static let unreserved = CharacterSet(charactersIn:
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    private static func queryComponent(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    private static func encodedPath(_ path: String) -> String {
        path.addingPercentEncoding(withAllowedCharacters: unreserved.union(CharacterSet(charactersIn: "/"))) ?? "/"
    }
}

/// The response API Gateway expects back, in the event's format.
struct APIGatewayResponse: Encodable {
    let format: APIGatewayEvent.Format
    let statusCode: Int
    let headers: [(name: String, value: String)]
    let body: [UInt8]

    private enum Keys: String, CodingKey {
        case statusCode, headers, multiValueHeaders, cookies, body, isBase64Encoded
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(statusCode, forKey: .statusCode)
        var single: [String: String] = [:]
        var multi: [String: [String]] = [:]
        var cookies: [String] = []
        for (name, value) in headers {
            if format == .http && name.lowercased() == "set-cookie" {
                cookies.append(value)
            } else {
                single[name] = single[name].map { $0 + "," + value } ?? value
                multi[name, default: []].append(value)
            }
        }
        try container.encode(single, forKey: .headers)
        switch format {
        case .rest: try container.encode(multi, forKey: .multiValueHeaders)
        case .http: if !cookies.isEmpty { try container.encode(cookies, forKey: .cookies) }
        }
        // Text travels as is; anything else as base64, as API Gateway requires for binary bodies.
        if let text = String(validating: body, as: UTF8.self), isText {
            try container.encode(text, forKey: .body)
            try container.encode(false, forKey: .isBase64Encoded)
        } else {
            try container.encode(Data(body).base64EncodedString(), forKey: .body)
            try container.encode(true, forKey: .isBase64Encoded)
        }
    }

    private var isText: Bool {
        guard let type = headers.first(where: { $0.name.lowercased() == "content-type" })?.value.lowercased() else { return true }
        return type.hasPrefix("text/") || type.contains("json") || type.contains("xml")
    }
}
