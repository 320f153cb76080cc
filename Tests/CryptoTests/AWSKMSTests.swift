import AWS
import EnvelopeCrypto
import Foundation
import Logging
import Model
import Testing

/// AWSKMS against moto server, whose URL is in `MOTO_ENDPOINT` (e.g. `http://127.0.0.1:15500`).
@Suite("AWSKMS against moto")
struct AWSKMSTests {
    static let region = "us-east-1"
    static let credentials = AWSCredentials(accessKeyID: "testing", secretAccessKey: "testing")
    static let acme: EncryptionContext = ["tenant": "acme"]
    static let globex: EncryptionContext = ["tenant": "globex"]

    @Test("a generated data key is 32 bytes and decrypts to itself under the same context")
    func roundTrip() async throws {
        let kms = try await Self.kmsWithNewKey()
        let generated = try await kms.generateDataKey(context: Self.acme)
        #expect(generated.plaintext.count == 32)
        #expect(generated.wrapped.keyEncryptionKeyID.hasPrefix("arn:aws:kms:us-east-1:"))
        #expect(generated.wrapped.ciphertext != generated.plaintext)
        let decrypted = try await kms.decrypt(generated.wrapped, context: Self.acme)
        #expect(decrypted == generated.plaintext)
    }

    @Test("decrypting under another tenant's context fails as decryptionFailed")
    func wrongContext() async throws {
        let kms = try await Self.kmsWithNewKey()
        let generated = try await kms.generateDataKey(context: Self.acme)
        let error = await #expect(throws: ServiceError.self) {
            try await kms.decrypt(generated.wrapped, context: Self.globex)
        }
        #expect(error?.code == .decryptionFailed)
    }

    @Test("a flipped byte in the ciphertext blob fails as decryptionFailed")
    func tamperedCiphertext() async throws {
        let kms = try await Self.kmsWithNewKey()
        let wrapped = try await kms.generateDataKey(context: Self.acme).wrapped
        var ciphertext = wrapped.ciphertext
        let last = try #require(ciphertext.indices.last)
        ciphertext[last] ^= 0x01
        let tampered = WrappedDataKey(ciphertext: ciphertext, keyEncryptionKeyID: wrapped.keyEncryptionKeyID)
        let error = await #expect(throws: ServiceError.self) {
            try await kms.decrypt(tampered, context: Self.acme)
        }
        #expect(error?.code == .decryptionFailed)
    }

    @Test("reEncrypt gives a new blob of the configured key that decrypts to the same data key")
    func reEncrypt() async throws {
        let kms = try await Self.kmsWithNewKey()
        let generated = try await kms.generateDataKey(context: Self.acme)
        let rewrapped = try await kms.reEncrypt(generated.wrapped, context: Self.acme)
        #expect(rewrapped.keyEncryptionKeyID == generated.wrapped.keyEncryptionKeyID)
        #expect(rewrapped.ciphertext != generated.wrapped.ciphertext)
        #expect(try await kms.decrypt(rewrapped, context: Self.acme) == generated.plaintext)
        let error = await #expect(throws: ServiceError.self) {
            try await kms.decrypt(rewrapped, context: Self.globex)
        }
        #expect(error?.code == .decryptionFailed)
    }

    @Test("reEncrypt moves a data key from an old key to the configured one")
    func reEncryptAcrossKeys() async throws {
        let old = try await Self.kmsWithNewKey()
        let current = try await Self.kmsWithNewKey()
        let generated = try await old.generateDataKey(context: Self.acme)
        let rewrapped = try await current.reEncrypt(generated.wrapped, context: Self.acme)
        #expect(rewrapped.keyEncryptionKeyID.hasSuffix(current.keyID))
        #expect(rewrapped.keyEncryptionKeyID != generated.wrapped.keyEncryptionKeyID)
        #expect(try await current.decrypt(rewrapped, context: Self.acme) == generated.plaintext)
    }

    @Test("temporary credentials with a session token work (sent as X-Amz-Security-Token)")
    func sessionToken() async throws {
        let keyID = try await Self.createKey()
        let credentials = AWSCredentials(accessKeyID: "testing", secretAccessKey: "testing",
                                         sessionToken: "testing-session-token")
        let kms = try AWSKMS(settings: AWSKMSSettings(keyID: keyID, region: Self.region, endpoint: try Self.endpoint()),
                             credentials: credentials, logger: Self.logger)
        let generated = try await kms.generateDataKey(context: Self.acme)
        #expect(try await kms.decrypt(generated.wrapped, context: Self.acme) == generated.plaintext)
    }

    @Test("an unknown key is unavailable with an operator message, not retried as transient")
    func unknownKey() async throws {
        let settings = AWSKMSSettings(keyID: "11111111-2222-3333-4444-555555555555", region: Self.region,
                                      endpoint: try Self.endpoint())
        let kms = try AWSKMS(settings: settings, credentials: Self.credentials, logger: Self.logger)
        let error = await #expect(throws: ServiceError.self) {
            try await kms.generateDataKey(context: Self.acme)
        }
        #expect(error?.code == .unavailable)
        #expect(error?.retryAfter != nil)
        #expect(error?.message.contains("KMS key id") == true)
    }

    @Test("an unreachable endpoint is unavailable")
    func unreachable() async throws {
        let settings = AWSKMSSettings(keyID: "alias/logsvc", region: Self.region, endpoint: "http://127.0.0.1:1")
        let kms = try AWSKMS(settings: settings, credentials: Self.credentials,
                             retryPolicy: RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(1)),
                             timeoutPerAttempt: .milliseconds(300), logger: Self.logger)
        let error = await #expect(throws: ServiceError.self) {
            try await kms.decrypt(WrappedDataKey(ciphertext: Array(repeating: 7, count: 64), keyEncryptionKeyID: "alias/logsvc"), context: Self.acme)
        }
        #expect(error?.code == .unavailable)
        #expect(error?.retryAfter == 1)
    }

    @Test("settings use snake_case keys and an optional endpoint")
    func settingsCoding() throws {
        let json = #"{"key_id":"alias/logsvc","region":"eu-west-1"}"#
        let settings = try JSONCoding.decoder().decode(AWSKMSSettings.self, from: Data(json.utf8))
        #expect(settings == AWSKMSSettings(keyID: "alias/logsvc", region: "eu-west-1"))
        let withEndpoint = AWSKMSSettings(keyID: "k", region: "us-east-1", endpoint: "http://127.0.0.1:4566")
        let encoded = String(decoding: try JSONCoding.encoder().encode(withEndpoint), as: UTF8.self)
        #expect(encoded == #"{"endpoint":"http://127.0.0.1:4566","key_id":"k","region":"us-east-1"}"#)
        #expect(throws: ServiceError.self) {
            try AWSKMS(settings: AWSKMSSettings(keyID: "k", region: "us-east-1", endpoint: "ftp://x"),
                       credentials: Self.credentials, logger: Self.logger)
        }
    }

    // MARK: - Helpers

    static let logger = Logger(label: "AWSKMSTests")

    static func endpoint() throws -> String {
        try #require(ProcessInfo.processInfo.environment["MOTO_ENDPOINT"].flatMap { $0.isEmpty ? nil : $0 },
                     "set MOTO_ENDPOINT to a running moto server, e.g. http://127.0.0.1:15500")
    }

    static func client() throws -> AWSClient {
        let url = try endpoint()
        let endpoint = try #require(AWSEndpoint(url: url), "MOTO_ENDPOINT \(url) is not an http(s) URL")
        let settings = try AWSClientSettings(service: "kms", region: region, credentials: credentials,
                                                       endpoint: endpoint)
        return AWSClient(settings: settings, logger: logger)
    }

    /// A new symmetric KMS key on moto; its key id.
    static func createKey() async throws -> String {
        let created = try await client().call(.kms, "CreateKey", CreateKeyRequest(Description: "logsvc test key"),
                                              as: CreateKeyResponse.self)
        return created.KeyMetadata.KeyId
    }

    static func kmsWithNewKey() async throws -> AWSKMS {
        let settings = AWSKMSSettings(keyID: try await createKey(), region: region, endpoint: try endpoint())
        return try AWSKMS(settings: settings, credentials: credentials, logger: logger)
    }

    struct CreateKeyRequest: Encodable {
        let Description: String
    }

    struct CreateKeyResponse: Decodable {
        struct Metadata: Decodable {
            let KeyId: String
            let Arn: String
        }

        let KeyMetadata: Metadata
    }
}
