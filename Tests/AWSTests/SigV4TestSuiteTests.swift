import AWS
import Testing

@Suite("SigV4 against AWS's published test suite")
struct SigV4TestSuiteTests {
    @Test("sign() reproduces the canonical request, string to sign and Authorization header",
          arguments: SigV4SuiteVector.all)
    func signReproducesVector(vector: SigV4SuiteVector) {
        var request = vector.request
        let signature = vector.signer.sign(&request, at: SigV4SuiteVector.date)
        #expect(signature.canonicalRequest == vector.canonicalRequest)
        #expect(signature.stringToSign == vector.stringToSign)
        #expect(signature.authorization == vector.authorization)
        #expect(request.headerValues("Authorization") == [vector.authorization])
    }

    @Test("signature(for:) of the request as published gives the same Authorization", arguments: SigV4SuiteVector.all)
    func pureSignatureReproducesVector(vector: SigV4SuiteVector) {
        let signature = vector.signer.signature(for: vector.request, at: SigV4SuiteVector.date)
        #expect(signature.authorization == vector.authorization)
        #expect(signature.scope == "20150830/us-east-1/service/aws4_request")
    }

    @Test("the session token is signed (post-sts-header-before), never appended unsigned (post-sts-header-after)")
    func sessionTokenIsSignedNotAppended() throws {
        let before = try #require(SigV4SuiteVector.all.first { $0.name == "post-sts-header-before" })
        let signer = before.signer
        var request = SignableRequest(method: "POST", headers: [
            AWSHeaderField("Host", "example.amazonaws.com"),
        ])
        let signature = signer.sign(&request, at: SigV4SuiteVector.date)
        #expect(signature.authorization == before.authorization)
        #expect(request.headerValues("X-Amz-Security-Token") == [SigV4SuiteVector.stsToken])
        let afterAuthorization = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            + "SignedHeaders=host;x-amz-date, Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"
        #expect(signature.authorization != afterAuthorization)
    }
}
