import Foundation

/// API Gateway proxy events shaped like the samples in AWS's documentation ("Input format of a Lambda function for
/// proxy integration" for REST APIs, payload format 2.0 for HTTP APIs), with our method, path, body and claims.
enum APIGatewayEvents {
    /// The claims API Gateway's Cognito authorizer passes on: every value a string.
    static func claims(user: String, tenant: String, groups: String) -> [String: String] {
        ["sub": "7d8ca528-4931-4254-9273-ea5ee853f271", "cognito:username": user, "custom:tenant": tenant,
         "cognito:groups": groups, "token_use": "id", "aud": "5sr4b8kfslg8m8q3bnnpb0qh3f", "email_verified": "true",
         "iss": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Example", "auth_time": "1700000000",
         "exp": "Thu Nov 30 10:00:00 UTC 2026", "iat": "Thu Nov 30 09:00:00 UTC 2026"]
    }

    /// A REST API (payload 1.0) event.
    static func rest(_ method: String, _ path: String, query: [String: [String]] = [:], headers: [String: String] = [:],
                     body: String? = nil, base64: Bool = false, claims: [String: String]? = nil) -> String {
        var allHeaders = ["Accept": "*/*", "Host": "abcdef123.execute-api.us-east-1.amazonaws.com",
                          "User-Agent": "curl/8.5.0", "X-Amzn-Trace-Id": "Root=1-5e66d96f-7491f09xmpl79d18acf3d050"]
        allHeaders.merge(headers) { $1 }
        var context: [String: Any] = [
            "accountId": "123456789012", "apiId": "abcdef123", "domainName": "abcdef123.execute-api.us-east-1.amazonaws.com",
            "httpMethod": method, "path": "/prod" + path, "protocol": "HTTP/1.1", "requestId": UUID().uuidString.lowercased(),
            "requestTime": "29/Nov/2026:09:00:00 +0000", "requestTimeEpoch": 1_795_942_800_000, "resourceId": "abc123",
            "resourcePath": path, "stage": "prod",
            "identity": ["sourceIp": "203.0.113.7", "userAgent": "curl/8.5.0"],
        ]
        if let claims { context["authorizer"] = ["claims": claims] }
        let event: [String: Any] = [
            "resource": path, "path": path, "httpMethod": method,
            "headers": allHeaders, "multiValueHeaders": allHeaders.mapValues { [$0] },
            "queryStringParameters": query.isEmpty ? NSNull() : query.mapValues { $0.last ?? "" } as Any,
            "multiValueQueryStringParameters": query.isEmpty ? NSNull() : query as Any,
            "pathParameters": NSNull(), "stageVariables": NSNull(), "requestContext": context,
            "body": encode(body, base64: base64), "isBase64Encoded": base64,
        ]
        return json(event)
    }

    /// A REST API event with a binary body: every body, with `binary_media_types` `*/*` as infra/terraform sets it.
    static func rest(_ method: String, _ path: String, headers: [String: String] = [:], binary: Data,
                     claims: [String: String]? = nil) -> String {
        withBinaryBody(rest(method, path, headers: headers, claims: claims), binary)
    }

    /// An HTTP API event with a binary body (sent base64, as API Gateway does).
    static func http(_ method: String, _ path: String, headers: [String: String] = [:], binary: Data,
                     claims: [String: String]? = nil) -> String {
        withBinaryBody(http(method, path, headers: headers, claims: claims), binary)
    }

    /// `event` with `body` in its place, base64, flagged `isBase64Encoded`.
    private static func withBinaryBody(_ event: String, _ body: Data) -> String {
        var fields = (try? JSONSerialization.jsonObject(with: Data(event.utf8))) as? [String: Any] ?? [:]
        fields["body"] = body.base64EncodedString()
        fields["isBase64Encoded"] = true
        return json(fields)
    }

    /// An HTTP API (payload 2.0) event.
    static func http(_ method: String, _ path: String, rawQuery: String = "", headers: [String: String] = [:],
                     body: String? = nil, base64: Bool = false, claims: [String: String]? = nil) -> String {
        var allHeaders = ["accept": "*/*", "host": "r3pmxmplak.execute-api.us-east-1.amazonaws.com", "user-agent": "curl/8.5.0",
                          "x-amzn-trace-id": "Root=1-5e6722a7-cc56xmpl46db7ae02d4da47e"]
        allHeaders.merge(headers) { $1 }
        var context: [String: Any] = [
            "accountId": "123456789012", "apiId": "r3pmxmplak", "domainName": "r3pmxmplak.execute-api.us-east-1.amazonaws.com",
            "domainPrefix": "r3pmxmplak",
            "http": ["method": method, "path": path, "protocol": "HTTP/1.1", "sourceIp": "203.0.113.7", "userAgent": "curl/8.5.0"],
            "requestId": "JKJaXmPLvHcESHA=", "routeKey": "\(method) \(path)", "stage": "$default",
            "time": "29/Nov/2026:09:00:00 +0000", "timeEpoch": 1_795_942_800_000,
        ]
        if let claims { context["authorizer"] = ["jwt": ["claims": claims, "scopes": NSNull()]] }
        var event: [String: Any] = [
            "version": "2.0", "routeKey": "\(method) \(path)", "rawPath": path, "rawQueryString": rawQuery,
            "headers": allHeaders, "requestContext": context, "isBase64Encoded": base64,
        ]
        if let body { event["body"] = encode(body, base64: base64) }
        return json(event)
    }

    private static func encode(_ body: String?, base64: Bool) -> Any {
        guard let body else { return NSNull() }
        return base64 ? Data(body.utf8).base64EncodedString() : body
    }

    private static func json(_ object: [String: Any]) -> String {
        String(decoding: (try? JSONSerialization.data(withJSONObject: object)) ?? Data(), as: UTF8.self)
    }
}
