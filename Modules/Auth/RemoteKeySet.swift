import AsyncHTTPClient
import Foundation
import Logging
import Model
import NIOCore
import NIOHTTP1
import Synchronization

/// The keys of an external issuer, fetched from its JWKS URL and cached. An unknown `kid` triggers
/// a refetch at most once per `minimumRefetchInterval`, so forged kids cannot make us hammer the issuer.
final class RemoteKeySet: Sendable {
    private struct State {
        var keys: [String: VerificationKey] = [:]
        var fetchedAt: ContinuousClock.Instant?
        var fetching: Task<Void, Never>?
    }

    let url: String
    private let minimumRefetchInterval: Duration
    private let maximumAge: Duration
    private let logger: Logger
    private let state = Mutex(State())

    static let maximumBodyBytes = 1_048_576

    init(url: String, minimumRefetchInterval: Duration = .seconds(60), maximumAge: Duration = .seconds(3600), logger: Logger) {
        self.url = url
        self.minimumRefetchInterval = minimumRefetchInterval
        self.maximumAge = maximumAge
        self.logger = logger
    }

    /// The key named `kid`, fetching the JWKS when it is unknown or the cache is old.
    func key(kid: String) async -> VerificationKey? {
        let now = ContinuousClock.now
        let (key, shouldFetch) = state.withLock { state -> (VerificationKey?, Bool) in
            let key = state.keys[kid]
            guard let fetchedAt = state.fetchedAt else { return (key, true) }
            let age = now - fetchedAt
            return (key, key == nil ? age >= minimumRefetchInterval : age >= maximumAge)
        }
        guard shouldFetch else { return key }
        await fetch()
        return state.withLock { $0.keys[kid] }
    }

    /// Fetches the JWKS once, sharing one request among concurrent callers.
    private func fetch() async {
        let task = state.withLock { state -> Task<Void, Never> in
            if let fetching = state.fetching { return fetching }
            let task = Task { await self.download() }
            state.fetching = task
            return task
        }
        await task.value
    }

    private func download() async {
        var keys: [String: VerificationKey]?
        do {
            var request = HTTPClientRequest(url: url)
            request.headers.add(name: "Accept", value: "application/json")
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
            guard response.status == .ok else { throw ServiceError.unavailable("JWKS answered \(response.status.code)") }
            let body = try await response.body.collect(upTo: RemoteKeySet.maximumBodyBytes)
            let set = try JSONCoding.decoder().decode(JSONWebKeySet.Lenient.self, from: Data(body.readableBytesView))
            keys = Dictionary(set.keys.compactMap { jwk in VerificationKey(jwk: jwk).map { (jwk.kid, $0) } },
                              uniquingKeysWith: { first, _ in first })
        } catch {
            logger.warning("fetching a JWKS failed", metadata: ["url": "\(url)", "error": "\(error)"])
        }
        let now = ContinuousClock.now
        state.withLock { state in
            if let keys { state.keys = keys }
            state.fetchedAt = now
            state.fetching = nil
        }
    }
}

extension JSONWebKeySet {
    /// A JWK set as published by others: keys this service cannot use are skipped, not fatal.
    struct Lenient: Decodable {
        let keys: [JSONWebKey]

        init(from decoder: any Decoder) throws {
            var container = try decoder.container(keyedBy: CodingKeys.self).nestedUnkeyedContainer(forKey: .keys)
            var keys: [JSONWebKey] = []
            while !container.isAtEnd {
                if let key = try? container.decode(JSONWebKey.self) { keys.append(key) } else { _ = try? container.decode(Skip.self) }
            }
            self.keys = keys
        }

        private enum CodingKeys: String, CodingKey { case keys }
        private struct Skip: Decodable {}
    }
}
