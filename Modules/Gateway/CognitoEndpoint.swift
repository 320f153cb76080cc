import Bus
import Foundation
import Hummingbird
import Model
import HTTPTypes
import NIOCore

/// `POST /` with `X-Amz-Target: AWSCognitoIdentityProviderService.<Operation>`: the Cognito JSON
/// wire protocol, so the aws CLI and AWS SDKs log in against the local pool.
struct CognitoEndpoint: Sendable {
    let bus: Bus
    let clientAddress: ClientAddress

    static let targetPrefix = "AWSCognitoIdentityProviderService."
    static let contentType = "application/x-amz-json-1.1"
    static let maxBodyBytes = 65_536
    static let target = HTTPField.Name("X-Amz-Target")

    func respond(_ request: Request, context: GatewayContext) async -> Response {
        do throws(ServiceError) {
            let operation = try operation(of: request)
            var request = request
            let body: ByteBuffer
            do { body = try await request.collectBody(upTo: CognitoEndpoint.maxBodyBytes) } catch {
                throw ServiceError.invalid("The request body is larger than \(CognitoEndpoint.maxBodyBytes) bytes")
            }
            let reply = try await bus.request(Topics.authCognito, CognitoCall(
                operation: operation, body: Array(body.readableBytesView), sourceAddress: clientAddress.of(request, context: context)))
            return Response(status: .ok, headers: [.contentType: CognitoEndpoint.contentType],
                            body: .init(byteBuffer: ByteBuffer(bytes: reply.body)))
        } catch {
            return CognitoEndpoint.errorResponse(error)
        }
    }

    private func operation(of request: Request) throws(ServiceError) -> String {
        guard let target = CognitoEndpoint.target.flatMap({ request.headers[$0] }), target.hasPrefix(CognitoEndpoint.targetPrefix) else {
            throw ServiceError(.methodNotAllowed, "send an X-Amz-Target header naming an \(CognitoEndpoint.targetPrefix) operation")
        }
        return String(target.dropFirst(CognitoEndpoint.targetPrefix.count))
    }

    /// Errors as Cognito sends them: `{"__type": "NotAuthorizedException", "message": ...}`.
    static func errorResponse(_ error: ServiceError) -> Response {
        let (type, status): (String, HTTPResponse.Status) = switch error.code {
        case .invalidRequest, .conflict, .payloadTooLarge, .requestHeadTooLarge, .unsupportedMediaType: ("InvalidParameterException", .badRequest)
        case .invalidPassword: ("InvalidPasswordException", .badRequest)
        case .unauthenticated, .forbidden: ("NotAuthorizedException", .badRequest)
        case .notFound: ("ResourceNotFoundException", .badRequest)
        case .methodNotAllowed: ("UnsupportedOperationException", .badRequest)
        case .tooManyRequests, .overloaded, .budgetExceeded: ("TooManyRequestsException", .badRequest)
        case .timeout, .unavailable, .decryptionFailed, .keyDestroyed, .internalError, .cancelled:
            ("InternalErrorException", .internalServerError)
        }
        var headers: HTTPFields = [.contentType: contentType]
        if let errorType = HTTPField.Name("x-amzn-ErrorType") { headers[errorType] = type }
        if let retryAfter = error.retryAfter { headers[.retryAfter] = String(retryAfter) }
        let body = (try? JSONCoding.encoder().encode(["__type": type, "message": error.message])) ?? Data()
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
