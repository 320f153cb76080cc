import AWS
import Testing

@Suite("AWSEndpoint")
struct AWSEndpointTests {
    @Test("the Host header omits the scheme's default port and keeps any other", arguments: [
        ("https://kms.us-east-1.amazonaws.com", "kms.us-east-1.amazonaws.com"),
        ("https://kms.us-east-1.amazonaws.com:443/", "kms.us-east-1.amazonaws.com"),
        ("http://localhost:8000", "localhost:8000"),
        ("http://localhost:80/path?x=1", "localhost"),
        ("HTTPS://DynamoDB.EU-West-1.AmazonAWS.com", "dynamodb.eu-west-1.amazonaws.com"),
        ("http://[::1]:8000", "[::1]:8000"),
    ])
    func hostHeader(url: String, host: String) throws {
        let endpoint = try #require(AWSEndpoint(url: url))
        #expect(endpoint.hostHeader == host)
    }

    @Test("rejects URLs that are not http(s) with a host and numeric port", arguments: [
        "kms.us-east-1.amazonaws.com", "ftp://example.com", "https://", "https:///path", "http://host:port",
        "http://host:0", "http://host:70000", "http://user@host", "http://[::1", "http://[]:80",
    ])
    func rejectsMalformed(url: String) {
        #expect(AWSEndpoint(url: url) == nil)
    }

    @Test("the public endpoint of a service in a region")
    func publicEndpoint() {
        #expect(AWSEndpoint.aws(service: "kms", region: "eu-central-1")?.url == "https://kms.eu-central-1.amazonaws.com")
        #expect(AWSEndpoint.aws(service: "dynamodb", region: "cn-north-1")?.hostHeader
            == "dynamodb.cn-north-1.amazonaws.com.cn")
    }
}
