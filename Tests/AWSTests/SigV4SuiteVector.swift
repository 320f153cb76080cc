import AWS
import Testing

/// One case of AWS's Signature Version 4 test suite (aws-sig-v4-test-suite), recorded as published:
/// the request (`.req`), canonical request (`.creq`), string to sign (`.sts`) and `Authorization` (`.authz`).
struct SigV4SuiteVector: Sendable, CustomTestStringConvertible {
    let name: String
    let method: String
    let path: String
    let query: [AWSQueryItem]
    let headers: [AWSHeaderField]
    let body: String
    let sessionToken: String?
    let canonicalRequest: String
    let stringToSign: String
    let authorization: String

    var testDescription: String { name }

    var request: SignableRequest {
        SignableRequest(method: method, path: path, queryItems: query, headers: headers, body: Array(body.utf8))
    }

    var signer: SigV4Signer {
        SigV4Signer(region: "us-east-1", service: "service",
                    credentials: AWSCredentials(accessKeyID: "AKIDEXAMPLE",
                                                secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                                sessionToken: sessionToken))
    }

    static let date = AWSDate(secondsSince1970: 1_440_938_160)

    static let stsToken = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMic"
        + "RXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7W"
        + "Z0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Y"
        + "jc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA=="

    private static let host = AWSHeaderField("Host", "example.amazonaws.com")
    private static let amzDate = AWSHeaderField("X-Amz-Date", "20150830T123600Z")
    private static let unreserved = "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    private static let emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    private static func sts(_ canonicalRequestHash: String) -> String {
        "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n" + canonicalRequestHash
    }

    private static func authz(_ signedHeaders: String, _ signature: String) -> String {
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            + "SignedHeaders=\(signedHeaders), Signature=\(signature)"
    }

    private static func vector(_ name: String, _ method: String = "GET", path: String = "/",
                               query: [AWSQueryItem] = [], headers: [AWSHeaderField] = [host, amzDate],
                               body: String = "", sessionToken: String? = nil,
                               creq: String, sts: String, authz: String) -> SigV4SuiteVector {
        SigV4SuiteVector(name: name, method: method, path: path, query: query, headers: headers, body: body,
                         sessionToken: sessionToken, canonicalRequest: creq, stringToSign: sts,
                         authorization: authz)
    }

    /// The canonical request shared by every bodyless `GET /` case without extra headers or query.
    private static let vanillaCreq = "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
        + emptyHash
    private static let vanillaSts = sts("bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63")
    private static let vanillaAuthz = authz("host;x-amz-date",
                                            "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
    private static let postCreq = "POST\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
        + emptyHash
    private static let postSts = sts("553f88c9e4d10fc9e109e2aeb65f030801b70c2f6468faca261d401ae622fc87")
    private static let postAuthz = authz("host;x-amz-date",
                                         "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b")
    private static let postQueryCreq = "POST\n/\nParam1=value1\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
        + "host;x-amz-date\n" + emptyHash
    private static let postQuerySts = sts("9d659678c1756bb3113e2ce898845a0a79dbbc57b740555917687f1b3340fbbd")
    private static let postQueryAuthz = authz("host;x-amz-date",
                                              "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11")

    static let all: [SigV4SuiteVector] = [
        vector("get-vanilla", creq: vanillaCreq, sts: vanillaSts, authz: vanillaAuthz),
        vector("get-vanilla-query", creq: vanillaCreq, sts: vanillaSts, authz: vanillaAuthz),
        vector("get-vanilla-empty-query-key", query: [AWSQueryItem("Param1", "value1")],
               creq: "GET\n/\nParam1=value1\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
                   + "host;x-amz-date\n" + emptyHash,
               sts: sts("1e24db194ed7d0eec2de28d7369675a243488e08526e8c1c73571282f7c517ab"),
               authz: authz("host;x-amz-date", "a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb")),
        vector("get-vanilla-query-order-key", query: [AWSQueryItem("Param1", "value2"), AWSQueryItem("Param1", "Value1")],
               creq: "GET\n/\nParam1=Value1&Param1=value2\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
                   + "host;x-amz-date\n" + emptyHash,
               sts: sts("704b4cef673542d84cdff252633f065e8daeba5f168b77116f8b1bcaf3d38f89"),
               authz: authz("host;x-amz-date", "eedbc4e291e521cf13422ffca22be7d2eb8146eecf653089df300a15b2382bd1")),
        vector("get-vanilla-query-order-key-case",
               query: [AWSQueryItem("Param2", "value2"), AWSQueryItem("Param1", "value1")],
               creq: "GET\n/\nParam1=value1&Param2=value2\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
                   + "host;x-amz-date\n" + emptyHash,
               sts: sts("816cd5b414d056048ba4f7c5386d6e0533120fb1fcfa93762cf0fc39e2cf19e0"),
               authz: authz("host;x-amz-date", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500")),
        vector("get-vanilla-query-order-value",
               query: [AWSQueryItem("Param1", "value2"), AWSQueryItem("Param1", "value1")],
               creq: "GET\n/\nParam1=value1&Param1=value2\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
                   + "host;x-amz-date\n" + emptyHash,
               sts: sts("c968629d70850097a2d8781c9bf7edcb988b04cac14cca9be4acc3595f884606"),
               authz: authz("host;x-amz-date", "5772eed61e12b33fae39ee5e7012498b51d56abc0abb7c60486157bd471c4694")),
        vector("get-vanilla-query-unreserved", query: [AWSQueryItem(unreserved, unreserved)],
               creq: "GET\n/\n\(unreserved)=\(unreserved)\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
                   + "host;x-amz-date\n" + emptyHash,
               sts: sts("c30d4703d9f799439be92736156d47ccfb2d879ddf56f5befa6d1d6aab979177"),
               authz: authz("host;x-amz-date", "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197")),
        vector("get-vanilla-utf8-query", query: [AWSQueryItem("\u{1234}", "bar")],
               creq: "GET\n/\n%E1%88%B4=bar\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
                   + "host;x-amz-date\n" + emptyHash,
               sts: sts("eb30c5bed55734080471a834cc727ae56beb50e5f39d1bff6d0d38cb192a7073"),
               authz: authz("host;x-amz-date", "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04")),
        vector("get-header-key-duplicate",
               headers: [host, AWSHeaderField("My-Header1", "value2"), AWSHeaderField("My-Header1", "value2"),
                         AWSHeaderField("My-Header1", "value1"), amzDate],
               creq: "GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value2,value2,value1\n"
                   + "x-amz-date:20150830T123600Z\n\nhost;my-header1;x-amz-date\n" + emptyHash,
               sts: sts("dc7f04a3abfde8d472b0ab1a418b741b7c67174dad1551b4117b15527fbe966c"),
               authz: authz("host;my-header1;x-amz-date",
                            "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea")),
        // The suite folds `value2` and `value3` onto continuation lines (obsolete since RFC 7230);
        // its canonical request treats each line as a value, which is three fields here.
        vector("get-header-value-multiline",
               headers: [host, AWSHeaderField("My-Header1", "value1"), AWSHeaderField("My-Header1", "value2"),
                         AWSHeaderField("My-Header1", "value3"), amzDate],
               creq: "GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value1,value2,value3\n"
                   + "x-amz-date:20150830T123600Z\n\nhost;my-header1;x-amz-date\n" + emptyHash,
               sts: sts("b7b6cbfd8a0430b78891e986784da2630c8a135a8595cec25b26ea94f926ee55"),
               authz: authz("host;my-header1;x-amz-date",
                            "ba17b383a53190154eb5fa66a1b836cc297cc0a3d70a5d00705980573d8ff790")),
        vector("get-header-value-order",
               headers: [host, AWSHeaderField("My-Header1", "value4"), AWSHeaderField("My-Header1", "value1"),
                         AWSHeaderField("My-Header1", "value3"), AWSHeaderField("My-Header1", "value2"), amzDate],
               creq: "GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value4,value1,value3,value2\n"
                   + "x-amz-date:20150830T123600Z\n\nhost;my-header1;x-amz-date\n" + emptyHash,
               sts: sts("31ce73cd3f3d9f66977ad3dd957dc47af14df92fcd8509f59b349e9137c58b86"),
               authz: authz("host;my-header1;x-amz-date",
                            "08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01")),
        vector("get-header-value-trim",
               headers: [host, AWSHeaderField("My-Header1", " value1"), AWSHeaderField("My-Header2", " \"a   b   c\""),
                         amzDate],
               creq: "GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value1\nmy-header2:\"a b c\"\n"
                   + "x-amz-date:20150830T123600Z\n\nhost;my-header1;my-header2;x-amz-date\n" + emptyHash,
               sts: sts("a726db9b0df21c14f559d0a978e563112acb1b9e05476f0a6a1c7d68f28605c7"),
               authz: authz("host;my-header1;my-header2;x-amz-date",
                            "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736")),
        vector("get-unreserved", path: "/" + unreserved,
               creq: "GET\n/\(unreserved)\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
                   + "host;x-amz-date\n" + emptyHash,
               sts: sts("6a968768eefaa713e2a6b16b589a8ea192661f098f37349f4e2c0082757446f9"),
               authz: authz("host;x-amz-date", "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f")),
        vector("get-utf8", path: "/\u{1234}",
               creq: "GET\n/%E1%88%B4\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
                   + "host;x-amz-date\n" + emptyHash,
               sts: sts("2a0a97d02205e45ce2e994789806b19270cfbbb0921b278ccf58f5249ac42102"),
               authz: authz("host;x-amz-date", "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85")),
        vector("get-space", path: "/example space/",
               creq: "GET\n/example%20space/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
                   + "host;x-amz-date\n" + emptyHash,
               sts: sts("63ee75631ed7234ae61b5f736dfc7754cdccfedbff4b5128a915706ee9390d86"),
               authz: authz("host;x-amz-date", "652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741")),
        vector("get-slash", path: "//", creq: vanillaCreq, sts: vanillaSts, authz: vanillaAuthz),
        vector("get-slash-dot-slash", path: "/./", creq: vanillaCreq, sts: vanillaSts, authz: vanillaAuthz),
        vector("get-slash-pointless-dot", path: "/./example",
               creq: "GET\n/example\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
                   + "host;x-amz-date\n" + emptyHash,
               sts: sts("214d50c111a8edc4819da6a636336472c916b5240f51e9a51b5c3305180cf702"),
               authz: authz("host;x-amz-date", "ef75d96142cf21edca26f06005da7988e4f8dc83a165a80865db7089db637ec5")),
        vector("get-slashes", path: "//example//",
               creq: "GET\n/example/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
                   + "host;x-amz-date\n" + emptyHash,
               sts: sts("cb96b4ac96d501f7c5c15bc6d67b3035061cfced4af6585ad927f7e6c985c015"),
               authz: authz("host;x-amz-date", "9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84")),
        vector("get-relative", path: "/example/..", creq: vanillaCreq, sts: vanillaSts, authz: vanillaAuthz),
        vector("get-relative-relative", path: "/example1/example2/../..",
               creq: vanillaCreq, sts: vanillaSts, authz: vanillaAuthz),
        vector("post-vanilla", "POST", creq: postCreq, sts: postSts, authz: postAuthz),
        vector("post-vanilla-query", "POST", query: [AWSQueryItem("Param1", "value1")],
               creq: postQueryCreq, sts: postQuerySts, authz: postQueryAuthz),
        vector("post-vanilla-empty-query-value", "POST", query: [AWSQueryItem("Param1", "value1")],
               creq: postQueryCreq, sts: postQuerySts, authz: postQueryAuthz),
        vector("post-header-key-case", "POST", creq: postCreq, sts: postSts, authz: postAuthz),
        vector("post-header-key-sort", "POST", headers: [host, AWSHeaderField("My-Header1", "value1"), amzDate],
               creq: "POST\n/\n\nhost:example.amazonaws.com\nmy-header1:value1\nx-amz-date:20150830T123600Z\n\n"
                   + "host;my-header1;x-amz-date\n" + emptyHash,
               sts: sts("9368318c2967cf6de74404b30c65a91e8f6253e0a8659d6d5319f1a812f87d65"),
               authz: authz("host;my-header1;x-amz-date",
                            "c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c")),
        vector("post-header-value-case", "POST", headers: [host, AWSHeaderField("My-Header1", "VALUE1"), amzDate],
               creq: "POST\n/\n\nhost:example.amazonaws.com\nmy-header1:VALUE1\nx-amz-date:20150830T123600Z\n\n"
                   + "host;my-header1;x-amz-date\n" + emptyHash,
               sts: sts("d51ced243e649e3de6ef63afbbdcbca03131a21a7103a1583706a64618606a93"),
               authz: authz("host;my-header1;x-amz-date",
                            "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d")),
        // The two form cases as AWS published them in 2015, without `Content-Length`; later copies
        // of the suite add that header to the request but not to the published signature.
        vector("post-x-www-form-urlencoded", "POST",
               headers: [AWSHeaderField("Content-Type", "application/x-www-form-urlencoded"), host, amzDate],
               body: "Param1=value1",
               creq: "POST\n/\n\ncontent-type:application/x-www-form-urlencoded\nhost:example.amazonaws.com\n"
                   + "x-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\n"
                   + "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e",
               sts: sts("42a5e5bb34198acb3e84da4f085bb7927f2bc277ca766e6d19c73c2154021281"),
               authz: authz("content-type;host;x-amz-date",
                            "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a")),
        vector("post-x-www-form-urlencoded-parameters", "POST",
               headers: [AWSHeaderField("Content-Type", "application/x-www-form-urlencoded; charset=utf8"), host,
                         amzDate],
               body: "Param1=value1",
               creq: "POST\n/\n\ncontent-type:application/x-www-form-urlencoded; charset=utf8\n"
                   + "host:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\n"
                   + "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e",
               sts: sts("2e1cf7ed91881a30569e46552437e4156c823447bf1781b921b5d486c568dd1c"),
               authz: authz("content-type;host;x-amz-date",
                            "1a72ec8f64bd914b0e42e42607c7fbce7fb2c7465f63e3092b3b0d39fa77a6fe")),
        vector("post-sts-header-before", "POST",
               headers: [host, amzDate, AWSHeaderField("X-Amz-Security-Token", stsToken)], sessionToken: stsToken,
               creq: "POST\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n"
                   + "x-amz-security-token:\(stsToken)\n\nhost;x-amz-date;x-amz-security-token\n" + emptyHash,
               sts: sts("c237e1b440d4c63c32ca95b5b99481081cb7b13c7e40434868e71567c1a882f6"),
               authz: authz("host;x-amz-date;x-amz-security-token",
                            "85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead")),
    ]
}
