import Bus
import Foundation
import Hummingbird
import Model
import NIOCore

/// `POST /oauth2/token`: the OAuth 2.0 client credentials grant (RFC 6749 §4.4) as Amazon
/// Cognito's token endpoint serves it, for machine clients that write logs.
struct TokenEndpoint: Sendable {
    let bus: Bus
    let clientAddress: ClientAddress

    static let maxBodyBytes = 8192

    private struct Form: Decodable {
        let grant_type: String?
        let scope: String?
        let client_id: String?
        let client_secret: String?
    }

    func respond(_ request: Request, context: GatewayContext) async -> Response {
        do throws(OAuthError) {
            var request = request
            guard request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true else {
                throw OAuthError(.badRequest, "invalid_request", "send the body as application/x-www-form-urlencoded")
            }
            let form: Form
            do {
                let body = try await request.collectBody(upTo: TokenEndpoint.maxBodyBytes)
                form = try URLEncodedFormDecoder().decode(Form.self, from: String(buffer: body))
            } catch {
                throw OAuthError(.badRequest, "invalid_request", "the body is not a valid form")
            }
            guard form.grant_type == "client_credentials" else {
                throw OAuthError(.badRequest, form.grant_type == nil ? "invalid_request" : "unsupported_grant_type",
                                 "grant_type must be client_credentials")
            }
            if let scope = form.scope, !scope.split(separator: " ").allSatisfy({ $0 == "logs/write" }) {
                throw OAuthError(.badRequest, "invalid_scope", "the only scope is logs/write")
            }
            guard let (clientID, secret) = credentials(request, form) else {
                throw OAuthError(.unauthorized, "invalid_client", "authenticate the client with HTTP Basic")
            }
            do {
                let token = try await bus.request(Topics.authToken, ClientCredentialsGrant(
                    clientID: clientID, clientSecret: secret, sourceAddress: clientAddress.of(request, context: context)))
                var response = try JSONResponse.make(token)
                response.headers[.cacheControl] = "no-store"
                return response
            } catch let error as ServiceError {
                switch error.code {
                case .unauthenticated: throw OAuthError(.unauthorized, "invalid_client", "invalid client credentials")
                case .tooManyRequests, .overloaded:
                    throw OAuthError(.tooManyRequests, "slow_down", error.message, retryAfter: error.retryAfter)
                default: throw OAuthError(.serviceUnavailable, "temporarily_unavailable", error.message, retryAfter: error.retryAfter)
                }
            } catch {
                throw OAuthError(.internalServerError, "server_error", "internal error")
            }
        } catch {
            return error.response
        }
    }

    /// The client id and secret from `Authorization: Basic`, or else from the form.
    private func credentials(_ request: Request, _ form: Form) -> (String, String)? {
        if let header = request.headers[.authorization], header.lowercased().hasPrefix("basic ") {
            guard let data = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
                  let pair = String(data: data, encoding: .utf8), let colon = pair.firstIndex(of: ":") else { return nil }
            return (String(pair[..<colon]), String(pair[pair.index(after: colon)...]))
        }
        guard let id = form.client_id, let secret = form.client_secret else { return nil }
        return (id, secret)
    }
}

/// An error of the token endpoint in RFC 6749 §5.2's shape.
struct OAuthError: Error {
    let status: HTTPResponse.Status
    let error: String
    let description: String
    let retryAfter: Int?

    init(_ status: HTTPResponse.Status, _ error: String, _ description: String, retryAfter: Int? = nil) {
        self.status = status
        self.error = error
        self.description = description
        self.retryAfter = retryAfter
    }

    var response: Response {
        var headers: HTTPFields = [.cacheControl: "no-store"]
        if status == .unauthorized { headers[.wwwAuthenticate] = "Basic" }
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        return (try? JSONResponse.make(["error": error, "error_description": description], status: status, headers: headers))
            ?? Response(status: .internalServerError)
    }
}
