/// The fields of an entry that are bound to its ciphertext as additional authenticated data:
/// changing any of them makes the ciphertext fail to open.
public struct EntryBinding: Sendable, Hashable {
    public let tenant: TenantID
    public let id: String
    public let timestamp: Timestamp
    public let severity: Severity

    public init(tenant: TenantID, id: String, timestamp: Timestamp, severity: Severity) {
        self.tenant = tenant
        self.id = id
        self.timestamp = timestamp
        self.severity = severity
    }
}

/// Messages of one tenant to encrypt, each with the binding it is sealed under.
public struct SealRequest: Sendable {
    public let tenant: TenantID
    public let items: [Item]

    public struct Item: Sendable {
        public let binding: EntryBinding
        public let plaintext: [UInt8]

        public init(binding: EntryBinding, plaintext: [UInt8]) {
            self.binding = binding
            self.plaintext = plaintext
        }
    }

    public init(tenant: TenantID, items: [Item]) {
        self.tenant = tenant
        self.items = items
    }
}

/// An encrypted message in the envelope format of the Crypto module (opaque to everyone else).
public struct SealedMessage: Sendable, Hashable {
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }
}

/// Sealed messages of one tenant to decrypt, each with its binding.
public struct OpenRequest: Sendable {
    public let tenant: TenantID
    public let items: [Item]

    public struct Item: Sendable {
        public let binding: EntryBinding
        public let sealed: SealedMessage

        public init(binding: EntryBinding, sealed: SealedMessage) {
            self.binding = binding
            self.sealed = sealed
        }
    }

    public init(tenant: TenantID, items: [Item]) {
        self.tenant = tenant
        self.items = items
    }
}

/// The outcome of opening one sealed message: its plaintext, or why it could not be opened.
public enum OpenedMessage: Sendable, Equatable {
    case plaintext([UInt8])
    case failed(ServiceError)
}
