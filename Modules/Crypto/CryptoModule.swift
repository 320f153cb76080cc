public import Bus
public import Logging
import Model

/// The Crypto module: seals and opens entry messages with per-tenant data keys from a keyring.
public struct CryptoModule: Sendable {
    public static let name = "crypto"

    let keyring: any Keyring
    let logger: Logger

    public init(keyring: any Keyring, logger: Logger) {
        self.keyring = keyring
        self.logger = logger
    }

    /// Serves `crypto.seal`, `crypto.open` and `crypto.index_tokens` on `bus`.
    public func register(on bus: Bus) throws(BusError) {
        try bus.serve(Topics.cryptoSeal, by: CryptoModule.name) { request in try await self.seal(request) }
        try bus.serve(Topics.cryptoOpen, by: CryptoModule.name) { request in await self.open(request) }
        try bus.serve(Topics.cryptoIndexTokens, by: CryptoModule.name) { request in try await self.indexTokens(request) }
    }

    func indexTokens(_ request: IndexTokenRequest) async throws(ServiceError) -> [IndexToken] {
        guard !request.terms.isEmpty else { return [] }
        let key = try await keyring.indexKey(for: request.tenant)
        return request.terms.map(key.token)
    }

    func seal(_ request: SealRequest) async throws(ServiceError) -> [SealedMessage] {
        let key = try await keyring.sealingKey(for: request.tenant, messages: request.items.count,
                                               bytes: request.items.reduce(0) { $0 + $1.plaintext.count })
        var sealed: [SealedMessage] = []
        sealed.reserveCapacity(request.items.count)
        for item in request.items {
            guard item.binding.tenant == request.tenant else {
                throw ServiceError.internalError("seal request mixes tenants")
            }
            sealed.append(SealedMessage(bytes: try Envelope.seal(item.plaintext, binding: item.binding, key: key).bytes))
        }
        return sealed
    }

    func open(_ request: OpenRequest) async -> [OpenedMessage] {
        var keys: [String: DataKey] = [:]
        var last: DataKey?
        var opened: [OpenedMessage] = []
        opened.reserveCapacity(request.items.count)
        for item in request.items {
            do throws(ServiceError) {
                guard item.binding.tenant == request.tenant else { throw Envelope.tampered }
                let envelope = try Envelope(bytes: item.sealed.bytes)
                let key: DataKey
                if let last, envelope.isSealed(with: last) {
                    key = last
                } else {
                    let id = try envelope.dataKeyID
                    if let cached = keys[id] {
                        key = cached
                    } else {
                        key = try await keyring.dataKey(id: id, tenant: request.tenant)
                        keys[id] = key
                    }
                }
                last = key
                opened.append(.plaintext(try envelope.open(binding: item.binding, key: key)))
            } catch {
                logger.warning("an entry could not be decrypted",
                               metadata: ["tenant": "\(request.tenant)", "entry": "\(item.binding.id)",
                                          "reason": "\(error.code.rawValue)"])
                opened.append(.failed(error))
            }
        }
        return opened
    }
}
