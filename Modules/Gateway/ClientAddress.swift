import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The address of the client that sent a request, as login throttling counts it: the connection's peer; or, when
/// that peer is a trusted proxy, the right-most address of the forwarding header that is not itself a trusted proxy.
/// Each proxy appends the address it received the request from, so the entries left of that one are only what the
/// client claimed. An entry that is not an address ends the walk at the proxy that passed it on.
struct ClientAddress: Sendable {
    let trustedProxies: [IPNetwork]
    let header: HTTPField.Name?

    init(settings: ClientAddressSettings) {
        trustedProxies = settings.trustedProxies
        header = HTTPField.Name(settings.header)
    }

    /// The client's address in canonical text; nil for a request without a connection (a Lambda invocation, whose
    /// source address API Gateway establishes).
    func of(_ request: Request, context: GatewayContext) -> String? {
        guard let peer = context.remoteAddress?.ipAddress.flatMap(IPAddress.init) else { return nil }
        let forwarded = trustedProxies.isEmpty ? [] : header.map { request.headers[values: $0] } ?? []
        return resolve(peer: peer, forwarded: forwarded).description
    }

    /// The client address given the connection's `peer` and the values of the forwarding header, in order.
    func resolve(peer: IPAddress, forwarded: [String]) -> IPAddress {
        guard isTrusted(peer) else { return peer }
        var hop = peer
        for entry in forwarded.flatMap({ $0.split(separator: ",", omittingEmptySubsequences: false) }).reversed() {
            guard let address = IPAddress(entry.trimmingCharacters(in: .whitespaces)) else { return hop }
            guard isTrusted(address) else { return address }
            hop = address
        }
        return hop
    }

    private func isTrusted(_ address: IPAddress) -> Bool {
        trustedProxies.contains { $0.contains(address) }
    }
}
