import Foundation
import Model

/// One JSON-RPC 2.0 call, decoded in one pass: the envelope is checked and the params are decoded straight into
/// the type their method takes. Decoding never throws; what is wrong is kept for the answer.
struct RPCCall: Decodable, Sendable {
    /// What the call asks for.
    enum Method: Sendable {
        case put(SubmittedEntry)
        case putBatch([SubmittedEntry])
        case query(LogQuery)
    }

    /// False for what is no valid request object (answered `Invalid Request` with a null id).
    let isValid: Bool
    /// The call's id; nil for a notification, which is run but never answered.
    let id: JSONNode?
    /// The method and its params, or why they cannot be run (`Method not found`, invalid params).
    let method: Result<Method, ServiceError>

    private enum Keys: String, CodingKey { case jsonrpc, id, method, params }

    private struct BatchParams: Decodable {
        let entries: [EntryBody.StrictEntry]
    }

    init(from decoder: any Decoder) {
        guard let container = try? decoder.container(keyedBy: Keys.self),
              (try? container.decode(String.self, forKey: .jsonrpc)) == "2.0",
              let name = try? container.decode(String.self, forKey: .method),
              let id = RPCCall.id(in: container), let params = RPCCall.paramsShape(in: container) else {
            (isValid, id, method) = (false, .null, .failure(ServiceError(.invalidRequest, "Invalid Request")))
            return
        }
        isValid = true
        self.id = id
        do throws(ServiceError) {
            switch name {
            case "logs.put":
                method = .success(.put(try RPCCall.decodeParams(EntryBody.StrictEntry.self, params, container).entry))
            case "logs.putBatch":
                method = .success(.putBatch(try RPCCall.decodeParams(BatchParams.self, params, container).entries.map(\.entry)))
            case "logs.query":
                method = .success(.query(params == .absent ? .none : try RPCCall.decodeParams(LogQuery.self, params, container)))
            default:
                throw ServiceError(.methodNotAllowed, "Method not found")
            }
        } catch {
            method = .failure(error)
        }
    }

    /// The shapes `params` may have; anything else makes the call invalid.
    private enum ParamsShape { case absent, object, array }

    private static func paramsShape(in container: KeyedDecodingContainer<Keys>) -> ParamsShape? {
        guard container.contains(.params) else { return .absent }
        if (try? container.nestedContainer(keyedBy: EntryBody.AnyKey.self, forKey: .params)) != nil { return .object }
        if (try? container.nestedUnkeyedContainer(forKey: .params)) != nil { return .array }
        return nil
    }

    /// The id (wrapped: absent is `.some(nil)`); nil when it has a type JSON-RPC does not allow.
    private static func id(in container: KeyedDecodingContainer<Keys>) -> JSONNode?? {
        guard container.contains(.id) else { return .some(nil) }
        switch try? container.decode(JSONNode.self, forKey: .id) {
        case let value? where value.isValidID: return .some(value)
        default: return nil
        }
    }

    private static func decodeParams<T: Decodable>(_ type: T.Type, _ shape: ParamsShape,
                                                   _ container: KeyedDecodingContainer<Keys>) throws(ServiceError) -> T {
        guard shape == .object else { throw ServiceError.invalid("params must be an object") }
        do {
            return try container.decode(T.self, forKey: .params)
        } catch {
            throw ServiceError.invalid("invalid params: \(JSONCoding.describe(relativeToParams(error), subject: "params"))")
        }
    }

    /// The error with its coding path starting inside `params`, as a client reads it.
    private static func relativeToParams(_ error: any Error) -> any Error {
        func trim(_ context: DecodingError.Context) -> DecodingError.Context {
            guard let index = context.codingPath.firstIndex(where: { $0.stringValue == Keys.params.rawValue }) else { return context }
            return DecodingError.Context(codingPath: Array(context.codingPath[(index + 1)...]), debugDescription: context.debugDescription,
                                         underlyingError: context.underlyingError)
        }
        switch error as? DecodingError {
        case .typeMismatch(let type, let context)?: return DecodingError.typeMismatch(type, trim(context))
        case .valueNotFound(let type, let context)?: return DecodingError.valueNotFound(type, trim(context))
        case .keyNotFound(let key, let context)?: return DecodingError.keyNotFound(key, trim(context))
        case .dataCorrupted(let context)?: return DecodingError.dataCorrupted(trim(context))
        default: return error
        }
    }
}

extension JSONNode {
    /// Ids JSON-RPC 2.0 allows: a string, a number or null.
    fileprivate var isValidID: Bool {
        switch self {
        case .string, .number, .null: true
        default: false
        }
    }
}
