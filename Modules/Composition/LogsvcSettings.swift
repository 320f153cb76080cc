public import Auth
public import EnvelopeCrypto
public import Bus
public import Gateway
public import Ingest
public import Lambda
public import Query
public import Storage

/// The whole configuration of one process, as `config/logsvc.yaml` documents it.
/// Every default lives in `DefaultConfiguration.yaml`; user files are merged over it.
public struct LogsvcSettings: Sendable, Codable, Equatable {
    public var server: ServerSettings
    public var logLevel: String
    public var logFormat: LogFormat
    /// The modules this process hosts: any of auth, ingest, query, crypto.
    public var modules: [String]
    public var storage: StorageSettings
    public var retention: Retention
    public var crypto: CryptoSettings
    public var auth: AuthSettings
    public var gateway: GatewaySettings
    public var ingest: IngestSettings
    public var query: QuerySettings
    public var bus: BusSettings
    public var lambda: LambdaSettings

    public struct StorageSettings: Sendable, Codable, Equatable {
        public enum Backend: String, Sendable, Codable, CaseIterable {
            case sqlite
            case dynamodb
        }
        public var backend: Backend
        public var sqlite: SQLite
        public var dynamodb: DynamoDBSettings

        public struct SQLite: Sendable, Codable, Equatable {
            /// Relative to the data dir unless absolute.
            public var file: String
            public var durability: SQLiteLogStore.Durability
        }
    }

    public struct CryptoSettings: Sendable, Codable, Equatable {
        public enum KeyringKind: String, Sendable, Codable, CaseIterable {
            case local
            case awsKMS = "aws_kms"
        }
        public var keyring: KeyringKind
        public var local: Local
        public var awsKMS: AWSKMSSettings
        /// The wrapped data keys; relative to the data dir unless absolute.
        public var dataKeysFile: String
        public var dataKeyCache: DataKeyCacheSettings

        public struct Local: Sendable, Codable, Equatable {
            /// Relative to the data dir unless absolute.
            public var file: String
            /// Used when LOGSVC_MASTER_KEY is not set; relative to the data dir unless absolute.
            public var masterKeyFile: String

            enum CodingKeys: String, CodingKey {
                case file
                case masterKeyFile = "master_key_file"
            }
        }

        enum CodingKeys: String, CodingKey {
            case keyring, local
            case awsKMS = "aws_kms"
            case dataKeysFile = "data_keys_file"
            case dataKeyCache = "data_key_cache"
        }
    }

    public struct BusSettings: Sendable, Codable, Equatable {
        public var routes: [String: Route]
    }

    enum CodingKeys: String, CodingKey {
        case server, modules, storage, retention, crypto, auth, gateway, ingest, query, bus, lambda
        case logLevel = "log_level"
        case logFormat = "log_format"
    }
}
