import CryptoPrimitives
import Model

/// Signs requests with AWS Signature Version 4 in the `Authorization` header.
public struct SigV4Signer: Sendable {
    public static let algorithm = "AWS4-HMAC-SHA256"

    public let region: String
    public let service: String
    public let credentials: AWSCredentials

    public init(region: String, service: String, credentials: AWSCredentials) {
        self.region = region
        self.service = service
        self.credentials = credentials
    }

    /// Sets `X-Amz-Date`, `X-Amz-Security-Token` (with a session token) and, when asked,
    /// `x-amz-content-sha256`, then signs every header and appends `Authorization`.
    @discardableResult
    public func sign(_ request: inout SignableRequest, at date: AWSDate,
                     addContentSHA256Header: Bool = false) -> SigV4Signature {
        request.removeHeaders(named: "Authorization")
        request.removeHeaders(named: "X-Amz-Date")
        request.headers.append(AWSHeaderField("X-Amz-Date", date.amzDate))
        if let token = credentials.sessionToken {
            request.removeHeaders(named: "X-Amz-Security-Token")
            request.headers.append(AWSHeaderField("X-Amz-Security-Token", token))
        }
        if addContentSHA256Header {
            let payloadHash = request.payloadHash
            request.removeHeaders(named: "x-amz-content-sha256")
            request.headers.append(AWSHeaderField("x-amz-content-sha256", payloadHash))
        }
        let result = signature(for: request, at: date)
        request.headers.append(AWSHeaderField("Authorization", result.authorization))
        return result
    }

    /// Signs `request` exactly as it is, adding nothing: every header present is signed.
    public func signature(for request: SignableRequest, at date: AWSDate) -> SigV4Signature {
        let canonical = SigV4CanonicalRequest(request)
        let scope = "\(date.dateStamp)/\(region)/\(service)/aws4_request"
        let stringToSign = [
            SigV4Signer.algorithm,
            date.amzDate,
            scope,
            Hex.encode(SHA256.hash(Array(canonical.text.utf8))),
        ].joined(separator: "\n")
        let signature = Hex.encode(HMACSHA256.authenticationCode(key: signingKey(dateStamp: date.dateStamp),
                                                                 data: Array(stringToSign.utf8)))
        let authorization = "\(SigV4Signer.algorithm) Credential=\(credentials.accessKeyID)/\(scope), "
            + "SignedHeaders=\(canonical.signedHeaders), Signature=\(signature)"
        return SigV4Signature(canonicalRequest: canonical.text, stringToSign: stringToSign,
                              signedHeaders: canonical.signedHeaders, scope: scope, signature: signature,
                              authorization: authorization)
    }

    /// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request").
    func signingKey(dateStamp: String) -> [UInt8] {
        [dateStamp, region, service, "aws4_request"].reduce(Array("AWS4\(credentials.secretAccessKey)".utf8)) {
            key, part in HMACSHA256.authenticationCode(key: key, data: Array(part.utf8))
        }
    }
}
