public import AWS
import CryptoPrimitives
import Foundation
public import Logging
public import Model

/// The key-management service backed by AWS KMS: data keys are generated, unwrapped and rewrapped by one KMS key
/// (id, ARN or alias) and never leave this process unwrapped except to the caller.
public struct AWSKMS: KeyManagementService {
    /// The configured KMS key: a key id, key ARN, alias name or alias ARN.
    public let keyID: String
    private let client: AWSClient
    private let logger: Logger

    /// Calls KMS in `settings.region` (or at `settings.endpoint`) as `credentials`; throws `unavailable` when the
    /// settings name no usable endpoint.
    public init(settings: AWSKMSSettings, credentials: AWSCredentials, retryPolicy: RetryPolicy = .standard,
                timeoutPerAttempt: Duration = .seconds(5), logger: Logger) throws(ServiceError) {
        self.init(keyID: settings.keyID,
                  client: try AWSClient.configured(service: "kms", name: "KMS", region: settings.region, endpoint: settings.endpoint,
                                                   credentials: credentials, timeoutPerAttempt: timeoutPerAttempt,
                                                   retryPolicy: retryPolicy, logger: logger),
                  logger: logger)
    }

    /// Uses `keyID` through an already configured `client` (signing name `kms`).
    public init(keyID: String, client: AWSClient, logger: Logger) {
        self.keyID = keyID
        self.client = client
        self.logger = logger
    }

    public func generateDataKey(context: EncryptionContext) async throws(ServiceError) -> GeneratedDataKey {
        let response = try await call("GenerateDataKey",
                                      GenerateDataKeyRequest(keyId: keyID, keySpec: "AES_256",
                                                             encryptionContext: context.isEmpty ? nil : context),
                                      as: GenerateDataKeyResponse.self)
        let plaintext = try dataKey(response.plaintext, operation: "GenerateDataKey")
        return GeneratedDataKey(plaintext: plaintext,
                                wrapped: WrappedDataKey(ciphertext: Array(response.ciphertextBlob),
                                                        keyEncryptionKeyID: response.keyId))
    }

    public func decrypt(_ wrapped: WrappedDataKey, context: EncryptionContext) async throws(ServiceError) -> [UInt8] {
        let response = try await call("Decrypt",
                                      DecryptRequest(ciphertextBlob: Data(wrapped.ciphertext),
                                                     encryptionContext: context.isEmpty ? nil : context,
                                                     keyId: wrapped.keyEncryptionKeyID),
                                      as: DecryptResponse.self)
        return try dataKey(response.plaintext, operation: "Decrypt")
    }

    public func reEncrypt(_ wrapped: WrappedDataKey, context: EncryptionContext) async throws(ServiceError) -> WrappedDataKey {
        let response = try await call("ReEncrypt",
                                      ReEncryptRequest(ciphertextBlob: Data(wrapped.ciphertext),
                                                       sourceEncryptionContext: context.isEmpty ? nil : context,
                                                       destinationEncryptionContext: context.isEmpty ? nil : context,
                                                       destinationKeyId: keyID),
                                      as: ReEncryptResponse.self)
        return WrappedDataKey(ciphertext: Array(response.ciphertextBlob), keyEncryptionKeyID: response.keyId)
    }

    /// KMS Encrypt under the configured key.
    public func sealSecret(_ secret: [UInt8], context: EncryptionContext) async throws(ServiceError) -> [UInt8] {
        let response = try await call("Encrypt",
                                      EncryptRequest(keyId: keyID, plaintext: Data(secret),
                                                     encryptionContext: context.isEmpty ? nil : context),
                                      as: EncryptResponse.self)
        return Array(response.ciphertextBlob)
    }

    /// KMS Decrypt under the key the blob names (a key configured earlier still opens what it sealed).
    public func openSecret(_ sealed: [UInt8], context: EncryptionContext) async throws(ServiceError) -> [UInt8] {
        let response = try await call("Decrypt",
                                      DecryptRequest(ciphertextBlob: Data(sealed), encryptionContext: context.isEmpty ? nil : context,
                                                     keyId: nil),
                                      as: DecryptResponse.self)
        return Array(response.plaintext)
    }

    /// The ARN of the configured key (DescribeKey), which `reEncrypt` moves data keys to.
    public func currentKeyID() async throws(ServiceError) -> String {
        try await call("DescribeKey", DescribeKeyRequest(keyId: keyID), as: DescribeKeyResponse.self).keyMetadata.arn
    }

    private struct DescribeKeyRequest: Encodable {
        let keyId: String
        enum CodingKeys: String, CodingKey { case keyId = "KeyId" }
    }

    private struct DescribeKeyResponse: Decodable {
        struct Metadata: Decodable {
            let arn: String
            enum CodingKeys: String, CodingKey { case arn = "Arn" }
        }
        let keyMetadata: Metadata
        enum CodingKeys: String, CodingKey { case keyMetadata = "KeyMetadata" }
    }

    /// One KMS operation, its failure mapped onto the service's error model.
    private func call<Request: Encodable, Response: Decodable>(_ operation: String, _ request: Request,
                                                               as: Response.Type) async throws(ServiceError)
        -> Response {
        do {
            return try await client.call(.kms, operation, request, as: Response.self)
        } catch {
            throw map(error)
        }
    }

    /// The 32 bytes of a plaintext data key; `internalError` for any other length.
    private func dataKey(_ plaintext: Data, operation: String) throws(ServiceError) -> [UInt8] {
        var bytes = Array(plaintext)
        guard bytes.count == 32 else {
            let count = bytes.count
            secureZero(&bytes)
            logger.error("KMS returned a data key of the wrong length",
                         metadata: ["aws_operation": "\(operation)", "length": "\(count)"])
            throw ServiceError.internalError("KMS returned a data key of \(count) bytes, not 32")
        }
        return bytes
    }

    private static let decryptionFailures: Set<String> = ["InvalidCiphertextException", "IncorrectKeyException"]
    private static let transientFailures: Set<String> = ["KMSInternalException", "DependencyTimeoutException"]
    private static let keyFailures: Set<String> = [
        "AccessDeniedException", "NotFoundException", "DisabledException", "KMSInvalidStateException",
        "KeyUnavailableException", "InvalidKeyUsageException", "UnrecognizedClientException",
        "InvalidSignatureException", "IncompleteSignature", "ExpiredTokenException", "InvalidClientTokenId",
        "MissingAuthenticationToken",
    ]

    private func map(_ error: AWSCallError) -> ServiceError {
        var metadata: Logger.Metadata = ["aws_operation": "\(error.operation)", "aws_attempts": "\(error.attempts)"]
        switch error.kind {
        case .service(let failure):
            metadata["aws_error"] = "\(failure.type)"
            metadata["aws_status"] = "\(failure.httpStatus)"
            if AWSKMS.decryptionFailures.contains(failure.type) {
                logger.warning("KMS refused to unwrap a data key", metadata: metadata)
                return ServiceError(.decryptionFailed,
                                    "the data key could not be unwrapped: wrong key, context or ciphertext")
            }
            if failure.isRetryable || AWSKMS.transientFailures.contains(failure.type) {
                logger.warning("KMS is unavailable", metadata: metadata)
                return .unavailable("the key-management service is unavailable; try again later")
            }
            if AWSKMS.keyFailures.contains(failure.type) {
                metadata["aws_message"] = "\(failure.message ?? "")"
                logger.error("KMS refused the configured key or credentials", metadata: metadata)
                return .unavailable("the key-management service refused the key-encryption key (\(failure.type)): "
                    + "check the configured KMS key id, its state and this service's IAM permissions")
            }
            metadata["aws_message"] = "\(failure.message ?? "")"
            logger.error("KMS call failed", metadata: metadata)
            return .internalError("the key-management service rejected \(error.operation) (\(failure.type))")
        case .transport(let detail):
            metadata["aws_error"] = "\(detail)"
            logger.warning("KMS is unreachable", metadata: metadata)
            return .unavailable("the key-management service is unreachable; try again later")
        case .cancelled:
            return .unavailable("the call to the key-management service was cancelled")
        case .invalidResponse(let detail), .invalidRequest(let detail):
            logger.error("KMS call failed", metadata: metadata.merging(["detail": "\(detail)"]) { $1 })
            return .internalError("the key-management service call \(error.operation) failed: \(detail)")
        }
    }
}

/// Which KMS key wraps data keys, and where KMS is; read from the service configuration.
public struct AWSKMSSettings: Codable, Sendable, Equatable {
    /// A key id, key ARN, alias name (`alias/logsvc`) or alias ARN.
    public var keyID: String
    public var region: String
    /// An endpoint URL overriding `https://kms.<region>.amazonaws.com` (e.g. a VPC endpoint or a local emulator).
    public var endpoint: String?

    public init(keyID: String, region: String, endpoint: String? = nil) {
        self.keyID = keyID
        self.region = region
        self.endpoint = endpoint
    }

    enum CodingKeys: String, CodingKey {
        case keyID = "key_id"
        case region
        case endpoint
    }
}

// The KMS JSON 1.1 wire shapes (blobs are base64 strings, which `Data` encodes as).
extension AWSKMS {
    private struct GenerateDataKeyRequest: Encodable {
        let keyId: String
        let keySpec: String
        let encryptionContext: EncryptionContext?

        enum CodingKeys: String, CodingKey {
            case keyId = "KeyId", keySpec = "KeySpec", encryptionContext = "EncryptionContext"
        }
    }

    private struct GenerateDataKeyResponse: Decodable {
        let ciphertextBlob: Data
        let plaintext: Data
        let keyId: String

        enum CodingKeys: String, CodingKey {
            case ciphertextBlob = "CiphertextBlob", plaintext = "Plaintext", keyId = "KeyId"
        }
    }

    private struct EncryptRequest: Encodable {
        let keyId: String
        let plaintext: Data
        let encryptionContext: EncryptionContext?

        enum CodingKeys: String, CodingKey {
            case keyId = "KeyId", plaintext = "Plaintext", encryptionContext = "EncryptionContext"
        }
    }

    private struct EncryptResponse: Decodable {
        let ciphertextBlob: Data

        enum CodingKeys: String, CodingKey {
            case ciphertextBlob = "CiphertextBlob"
        }
    }

    private struct DecryptRequest: Encodable {
        let ciphertextBlob: Data
        let encryptionContext: EncryptionContext?
        let keyId: String?

        enum CodingKeys: String, CodingKey {
            case ciphertextBlob = "CiphertextBlob", encryptionContext = "EncryptionContext", keyId = "KeyId"
        }
    }

    private struct DecryptResponse: Decodable {
        let plaintext: Data

        enum CodingKeys: String, CodingKey {
            case plaintext = "Plaintext"
        }
    }

    private struct ReEncryptRequest: Encodable {
        let ciphertextBlob: Data
        let sourceEncryptionContext: EncryptionContext?
        let destinationEncryptionContext: EncryptionContext?
        let destinationKeyId: String

        enum CodingKeys: String, CodingKey {
            case ciphertextBlob = "CiphertextBlob", sourceEncryptionContext = "SourceEncryptionContext"
            case destinationEncryptionContext = "DestinationEncryptionContext"
            case destinationKeyId = "DestinationKeyId"
        }
    }

    private struct ReEncryptResponse: Decodable {
        let ciphertextBlob: Data
        let keyId: String

        enum CodingKeys: String, CodingKey {
            case ciphertextBlob = "CiphertextBlob", keyId = "KeyId"
        }
    }
}
