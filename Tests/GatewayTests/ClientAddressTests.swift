@testable import Auth
import Composition
import Foundation
@testable import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Model
import TestSupport
import Testing

private func address(_ text: String) -> IPAddress { IPAddress(text)! }

private func resolver(trusting proxies: [String]) throws -> ClientAddress {
    ClientAddress(settings: ClientAddressSettings(trustedProxies: try proxies.map { try #require(IPNetwork($0)) }))
}

@Suite("The client address of a login")
struct ClientAddressTests {
    @Test("reads addresses in their usual forms and ranges in CIDR notation, refusing anything else")
    func parsing() throws {
        #expect(address("192.0.2.1").description == "192.0.2.1")
        #expect(address("::ffff:192.0.2.1").description == "192.0.2.1")
        #expect(address("2001:DB8:0:0::1").description == "2001:db8::1")
        #expect(address("[2001:db8::1]:443").description == "2001:db8::1")
        #expect(address("192.0.2.1:8080").description == "192.0.2.1")
        for bad in ["", "unknown", "192.0.2", "192.0.2.1.5", "192.0.2.1:", "[2001:db8::1", "2001:db8::1]:80", "1.2.3.4\n", "999.1.1.1"] {
            #expect(IPAddress(bad) == nil, "\(bad)")
        }
        let network = try #require(IPNetwork("10.0.0.0/8"))
        #expect(network.contains(address("10.200.3.4")) && !network.contains(address("11.0.0.1")))
        #expect(!network.contains(address("::ffff:11.0.0.1")) && network.contains(address("::ffff:10.0.0.1")))
        #expect(try #require(IPNetwork("2001:db8::/32")).contains(address("2001:db8:ffff::1")))
        #expect(try #require(IPNetwork("192.0.2.1")).contains(address("192.0.2.1")))
        #expect(try #require(IPNetwork("0.0.0.0/0")).contains(address("203.0.113.9")))
        for bad in ["10.0.0.0/33", "10.0.0.0/", "10.0.0.0/-1", "2001:db8::/129", "10.0.0.1:80", "[::1]", "x/8"] {
            #expect(IPNetwork(bad) == nil, "\(bad)")
        }
    }

    @Test("is the connection's peer unless that peer is a trusted proxy")
    func untrustedPeer() throws {
        let peer = address("198.51.100.7")
        #expect(try resolver(trusting: []).resolve(peer: peer, forwarded: ["203.0.113.1"]) == peer)
        #expect(try resolver(trusting: ["10.0.0.0/8"]).resolve(peer: peer, forwarded: ["203.0.113.1"]) == peer)
    }

    @Test("from a trusted proxy, is the right-most forwarded address that is not a trusted proxy")
    func trustedPeer() throws {
        let rule = try resolver(trusting: ["10.0.0.0/8", "2001:db8::/32"])
        let proxy = address("10.0.0.2")
        #expect(rule.resolve(peer: proxy, forwarded: ["203.0.113.1"]) == (address("203.0.113.1")))
        #expect(rule.resolve(peer: proxy, forwarded: ["198.51.100.9, 203.0.113.1, 10.0.0.5"]) == (address("203.0.113.1")),
                "what the client itself claimed, left of the first untrusted hop, is ignored")
        #expect(rule.resolve(peer: proxy, forwarded: ["198.51.100.9", "203.0.113.1 , 2001:db8::7"]) == (address("203.0.113.1")),
                "several header lines are one list")
        #expect(rule.resolve(peer: proxy, forwarded: ["10.0.0.9, 10.0.0.5"]) == (address("10.0.0.9")))
        #expect(rule.resolve(peer: proxy, forwarded: []) == proxy)
        #expect(rule.resolve(peer: proxy, forwarded: ["203.0.113.1, unknown"]) == proxy,
                "an entry that is not an address stops the walk at the proxy that passed it")
        #expect(rule.resolve(peer: proxy, forwarded: ["203.0.113.1, 10.0.0.7, garbage"]) == proxy)
        #expect(rule.resolve(peer: proxy, forwarded: ["garbage, 10.0.0.7"]) == (address("10.0.0.7")))
    }

    /// The client address each failed login of `forwarded` was counted against, as the service logged it.
    private func addresses(_ forwarded: [String], trusting proxies: [String]) async throws -> [String] {
        let log = LogRecorder()
        try await withService({ config in
            config.gateway.clientAddress.trustedProxies = proxies.compactMap { IPNetwork($0) }
        }, logger: log.logger()) { client, _, pool in
            for (index, forwarded) in forwarded.enumerated() {
                var headers: HTTPFields = [.contentType: "application/x-amz-json-1.1"]
                headers[try #require(HTTPField.Name("X-Amz-Target"))] = "AWSCognitoIdentityProviderService.InitiateAuth"
                headers[try #require(HTTPField.Name("X-Forwarded-For"))] = forwarded
                let body = #"{"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": "\#(pool.clientID)", "#
                    + #""AuthParameters": {"USERNAME": "user\#(index)", "PASSWORD": "Wr0ng-password"}}"#
                let response = try await client.execute(uri: "/", method: .post, headers: headers, body: ByteBuffer(string: body))
                #expect(try json(response.body)["__type"] as? String == "NotAuthorizedException")
            }
        }
        return log.events.filter { $0.message == "failed login" }.compactMap { $0.metadata["address"] }
    }

    @Test("a forwarding header is honoured from a trusted proxy only")
    func headerFromTrustedPeerOnly() async throws {
        let distinct = ["203.0.113.1", "203.0.113.2, 198.51.100.7"]
        #expect(try await addresses(distinct, trusting: ["127.0.0.1", "::1"]) == ["203.0.113.1", "198.51.100.7"])
        #expect(try await addresses(distinct, trusting: ["10.0.0.0/8"]) == ["127.0.0.1", "127.0.0.1"])
    }
}
