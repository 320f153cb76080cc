import AWS
import Testing

@Suite("AWSJSONProtocol")
struct AWSJSONProtocolTests {
    @Test("a KMS request is POST / in JSON 1.1 with X-Amz-Target TrentService.<Operation>")
    func kmsRequest() throws {
        let endpoint = try #require(AWSEndpoint.aws(service: "kms", region: "us-east-1"))
        let body = Array(#"{"KeyId":"alias/logsvc","NumberOfBytes":32}"#.utf8)
        let request = AWSJSONProtocol.kms.request(operation: "GenerateDataKey", endpoint: endpoint, body: body)
        #expect(request.method == "POST")
        #expect(request.path == "/")
        #expect(request.queryItems.isEmpty)
        #expect(request.body == body)
        #expect(request.headers == [
            AWSHeaderField("Host", "kms.us-east-1.amazonaws.com"),
            AWSHeaderField("Content-Type", "application/x-amz-json-1.1"),
            AWSHeaderField("X-Amz-Target", "TrentService.GenerateDataKey"),
        ])
    }

    @Test("a DynamoDB request is JSON 1.0 with X-Amz-Target DynamoDB_20120810.<Operation> and the endpoint's port")
    func dynamoDBRequest() throws {
        let endpoint = try #require(AWSEndpoint(url: "http://localhost:8000"))
        let request = AWSJSONProtocol.dynamoDB.request(operation: "PutItem", endpoint: endpoint, body: Array("{}".utf8))
        #expect(request.headerValues("Content-Type") == ["application/x-amz-json-1.0"])
        #expect(request.headerValues("X-Amz-Target") == ["DynamoDB_20120810.PutItem"])
        #expect(request.headerValues("Host") == ["localhost:8000"])
    }

    @Test("a built request signs its Host, Content-Type and X-Amz-Target headers")
    func builtRequestSigns() throws {
        let endpoint = try #require(AWSEndpoint.aws(service: "dynamodb", region: "eu-west-1"))
        var request = AWSJSONProtocol.dynamoDB.request(operation: "GetItem", endpoint: endpoint, body: Array("{}".utf8))
        let signer = SigV4Signer(region: "eu-west-1", service: "dynamodb",
                                 credentials: AWSCredentials(accessKeyID: "AKID", secretAccessKey: "secret",
                                                             sessionToken: "token"))
        let signature = signer.sign(&request, at: AWSDate(secondsSince1970: 1_440_938_160))
        #expect(signature.signedHeaders == "content-type;host;x-amz-date;x-amz-security-token;x-amz-target")
        #expect(signature.scope == "20150830/eu-west-1/dynamodb/aws4_request")
    }
}
