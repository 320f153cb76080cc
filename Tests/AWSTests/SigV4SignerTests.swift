import AWS
import Testing

@Suite("SigV4Signer")
struct SigV4SignerTests {
    static let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE",
                                            secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    static let date = AWSDate(secondsSince1970: 1_440_938_160)
    static let emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    func vanillaRequest() -> SignableRequest {
        SignableRequest(method: "GET", headers: [AWSHeaderField("Host", "example.amazonaws.com")])
    }

    @Test("AWS's IAM example GET https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08 gets its published signature")
    func iamListUsersExample() {
        let signer = SigV4Signer(region: "us-east-1", service: "iam", credentials: Self.credentials)
        var request = SignableRequest(
            method: "GET", path: "/",
            queryItems: [AWSQueryItem("Action", "ListUsers"), AWSQueryItem("Version", "2010-05-08")],
            headers: [
                AWSHeaderField("Host", "iam.amazonaws.com"),
                AWSHeaderField("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
            ])
        let signature = signer.sign(&request, at: Self.date)
        #expect(signature.canonicalRequest == """
            GET
            /
            Action=ListUsers&Version=2010-05-08
            content-type:application/x-www-form-urlencoded; charset=utf-8
            host:iam.amazonaws.com
            x-amz-date:20150830T123600Z

            content-type;host;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """)
        #expect(signature.stringToSign == """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/iam/aws4_request
            f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59
            """)
        #expect(signature.signature == "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7")
        #expect(request.headerValues("Authorization") == [
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
                + "SignedHeaders=content-type;host;x-amz-date, "
                + "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7",
        ])
        #expect(request.requestTarget == "/?Action=ListUsers&Version=2010-05-08")
    }

    @Test("sign() adds X-Amz-Date and Authorization, and no token header without a session token")
    func addsDateAndAuthorization() {
        let signer = SigV4Signer(region: "us-east-1", service: "service", credentials: Self.credentials)
        var request = vanillaRequest()
        signer.sign(&request, at: Self.date)
        #expect(request.headers.map(\.name) == ["Host", "X-Amz-Date", "Authorization"])
        #expect(request.headerValues("x-amz-date") == ["20150830T123600Z"])
        #expect(request.headerValues("X-Amz-Security-Token").isEmpty)
    }

    @Test("signing again replaces the stale date and Authorization instead of adding a second one")
    func resigningReplacesHeaders() {
        let signer = SigV4Signer(region: "us-east-1", service: "service", credentials: Self.credentials)
        var request = vanillaRequest()
        signer.sign(&request, at: AWSDate(secondsSince1970: 0))
        let signature = signer.sign(&request, at: Self.date)
        #expect(request.headerValues("X-Amz-Date") == ["20150830T123600Z"])
        #expect(request.headerValues("Authorization") == [signature.authorization])
        #expect(signature.signature == "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
    }

    @Test("x-amz-content-sha256 is added and signed only when asked")
    func contentSHA256HeaderOnRequest() {
        let signer = SigV4Signer(region: "us-east-1", service: "service", credentials: Self.credentials)
        var plain = vanillaRequest()
        #expect(!signer.sign(&plain, at: Self.date).signedHeaders.contains("x-amz-content-sha256"))
        #expect(plain.headerValues("x-amz-content-sha256").isEmpty)

        var flagged = vanillaRequest()
        let signature = signer.sign(&flagged, at: Self.date, addContentSHA256Header: true)
        #expect(flagged.headerValues("x-amz-content-sha256") == [Self.emptyHash])
        #expect(signature.signedHeaders == "host;x-amz-content-sha256;x-amz-date")
        #expect(signature.canonicalRequest.contains("\nx-amz-content-sha256:\(Self.emptyHash)\n"))
    }

    @Test("a precomputed payload hash is signed instead of the body's hash")
    func precomputedPayloadHash() {
        let signer = SigV4Signer(region: "us-east-1", service: "service", credentials: Self.credentials)
        var request = vanillaRequest()
        request.body = Array("ignored".utf8)
        request.precomputedPayloadHash = "UNSIGNED-PAYLOAD"
        let signature = signer.sign(&request, at: Self.date)
        #expect(signature.canonicalRequest.hasSuffix("\nhost;x-amz-date\nUNSIGNED-PAYLOAD"))
    }

    @Test("the body's SHA-256 ends the canonical request")
    func bodyHashEndsCanonicalRequest() {
        let request = SignableRequest(method: "POST", headers: [AWSHeaderField("Host", "h")],
                                      body: Array("Param1=value1".utf8))
        #expect(request.payloadHash == "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e")
        let signer = SigV4Signer(region: "us-east-1", service: "service", credentials: Self.credentials)
        #expect(signer.signature(for: request, at: Self.date).canonicalRequest
            .hasSuffix("\n9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e"))
    }

    @Test("query names and values are percent-encoded with %20 for a space, never +")
    func queryUsesPercentTwenty() {
        let signer = SigV4Signer(region: "us-east-1", service: "service", credentials: Self.credentials)
        var request = vanillaRequest()
        request.queryItems = [AWSQueryItem("b key", "x+y z"), AWSQueryItem("a", "")]
        let lines = signer.signature(for: request, at: Self.date).canonicalRequest.split(
            separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[2] == "a=&b%20key=x%2By%20z")
        #expect(request.requestTarget == "/?b%20key=x%2By%20z&a=")
    }

    @Test("region, service and date each change the signature")
    func scopeEntersSignature() {
        let base = SigV4Signer(region: "us-east-1", service: "kms", credentials: Self.credentials)
        let request = vanillaRequest()
        let reference = base.signature(for: request, at: Self.date).signature
        let otherRegion = SigV4Signer(region: "eu-west-1", service: "kms", credentials: Self.credentials)
        let otherService = SigV4Signer(region: "us-east-1", service: "dynamodb", credentials: Self.credentials)
        #expect(otherRegion.signature(for: request, at: Self.date).signature != reference)
        #expect(otherService.signature(for: request, at: Self.date).signature != reference)
        #expect(base.signature(for: request, at: AWSDate(secondsSince1970: 1_440_938_161)).signature != reference)
    }
}
