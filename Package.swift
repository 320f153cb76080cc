// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

/// A library target under `Modules/<name>`; `resources` are paths inside that folder.
func module(_ name: String, _ dependencies: [Target.Dependency], folder: String? = nil,
            resources: [Resource]? = nil) -> Target {
    .target(name: name, dependencies: dependencies, path: "Modules/\(folder ?? name)", resources: resources,
            swiftSettings: strict)
}

/// A test target under `Tests/<name>`.
func tests(_ name: String, _ dependencies: [Target.Dependency]) -> Target {
    .testTarget(name: name, dependencies: dependencies, path: "Tests/\(name)", swiftSettings: strict)
}

let log: Target.Dependency = .product(name: "Logging", package: "swift-log")
let hummingbird: Target.Dependency = .product(name: "Hummingbird", package: "hummingbird")
let nio: Target.Dependency = .product(name: "NIOCore", package: "swift-nio")
let lifecycle: Target.Dependency = .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
// Our sources import CoreMetrics (the API: Counter, Gauge, Recorder, Timer), never the Metrics helpers over it.
let metrics: Target.Dependency = .product(name: "CoreMetrics", package: "swift-metrics")

let package = Package(
    name: "logsvc",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "logsvc", targets: ["logsvc"]),
        .executable(name: "bootstrap", targets: ["bootstrap"]),
        .executable(name: "crypto-benchmark", targets: ["CryptoBenchmark"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // Test-only (GatewayTests' OpenAPI contract test); without its default trait `ExternalLoading`,
        // which we do not use and which makes it notably slower to build.
        .package(url: "https://github.com/mattpolzin/OpenAPIKit", from: "6.4.0", traits: []),
    ],
    targets: [
        // C shims over the system libraries the user chose.
        .systemLibrary(name: "CLibSSL", path: "Modules/CLibSSL", pkgConfig: "openssl",
                       providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CLibYAML", path: "Modules/CLibYAML", pkgConfig: "yaml-0.1",
                       providers: [.apt(["libyaml-dev"])]),

        // Foundations shared by every module.
        module("CryptoPrimitives", ["CLibSSL"]),
        module("Config", ["CLibYAML"]),
        module("Model", []),
        module("AWS", ["CryptoPrimitives", "Model", log, nio, .product(name: "NIOHTTP1", package: "swift-nio"),
                       .product(name: "AsyncHTTPClient", package: "async-http-client")]),
        module("Bus", ["Model", "Config", log, metrics]),
        module("Storage", ["Model", "Config", "AWS", log, metrics, .product(name: "GRDB", package: "GRDB.swift")]),

        // The four modules of the design card; they meet only on the bus.
        module("Auth", ["Model", "Config", "Bus", "Storage", "CryptoPrimitives", log, metrics, nio, .product(name: "NIOHTTP1", package: "swift-nio"),
                        .product(name: "GRDB", package: "GRDB.swift"),
                        .product(name: "AsyncHTTPClient", package: "async-http-client")]),
        // `Crypto` is taken by swift-crypto (a dependency of our dependencies), hence the target name.
        module("EnvelopeCrypto", ["Model", "Config", "Bus", "AWS", "Storage", "CryptoPrimitives", log, .product(name: "GRDB", package: "GRDB.swift")],
               folder: "Crypto"),
        module("Ingest", ["Model", "Config", "Bus", "Storage", "CryptoPrimitives", log, metrics]),
        module("Query", ["Model", "Config", "Bus", "Storage", "CryptoPrimitives", log]),

        // The edge and the wiring.
        module("Gateway", ["Model", "Config", "Bus", hummingbird, .product(name: "HummingbirdCore", package: "hummingbird"), nio,
                           .product(name: "NIOHTTP1", package: "swift-nio"),
                           .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                           .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                           log, metrics, lifecycle, .product(name: "HTTPTypes", package: "swift-http-types")],
               // Compiled into the module as `PackageResources.openapi_json`: no bundle at run time.
               resources: [.embedInCode("Resources/openapi.json")]),
        module("Lambda", ["Model", "Gateway", hummingbird, nio, log, .product(name: "HTTPTypes", package: "swift-http-types"),
                          .product(name: "NIOHTTP1", package: "swift-nio"),
                          .product(name: "AsyncHTTPClient", package: "async-http-client")]),
        module("Composition", ["Model", "Bus", "AWS", "Config", "CryptoPrimitives", "Storage", "Auth", "EnvelopeCrypto", "Ingest",
                               "Query", "Gateway", "Lambda", hummingbird, .product(name: "HummingbirdCore", package: "hummingbird"),
                               lifecycle, log, metrics,
                               .product(name: "Prometheus", package: "swift-prometheus")]),
        .executableTarget(
            name: "logsvc",
            dependencies: ["Composition", "Config", "Model", "Auth", "EnvelopeCrypto", "Storage", "Gateway",
                           .product(name: "ArgumentParser", package: "swift-argument-parser"),
                           hummingbird, log],
            path: "Services/logsvc",
            swiftSettings: strict),
        .executableTarget(name: "bootstrap", dependencies: ["Auth", "Composition", "Lambda", log], path: "Services/bootstrap",
                          swiftSettings: strict),

        .executableTarget(name: "CryptoBenchmark", dependencies: ["EnvelopeCrypto", "CryptoPrimitives", "Model", log],
                          path: "Benchmarks/CryptoBenchmark", swiftSettings: strict),

        .target(name: "TestSupport", dependencies: ["Composition", "Auth", "Bus", "Gateway", log], path: "Tests/TestSupport",
                swiftSettings: strict),
        tests("CryptoPrimitivesTests", ["CryptoPrimitives"]),
        tests("ConfigTests", ["Config"]),
        tests("AWSTests", ["AWS", hummingbird, nio, log, .product(name: "HummingbirdTesting", package: "hummingbird")]),
        tests("ModelTests", ["Model"]),
        tests("BusTests", ["Bus", "Model", "TestSupport", log]),
        tests("StorageTests", ["Storage", "AWS", "Model", "TestSupport", log, hummingbird,
                              .product(name: "HummingbirdTesting", package: "hummingbird"),
                              .product(name: "HTTPTypes", package: "swift-http-types"), nio,
                              .product(name: "NIOHTTP1", package: "swift-nio"),
                              .product(name: "AsyncHTTPClient", package: "async-http-client")]),
        tests("AuthTests", ["Auth", "Bus", "Model", "CryptoPrimitives", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
        tests("CryptoTests", ["EnvelopeCrypto", "AWS", "Bus", "Model", "CryptoPrimitives", "TestSupport", log]),
        tests("IngestTests", ["Composition", "Ingest", "Bus", "Model", "TestSupport"]),
        tests("QueryTests", ["Composition", "Bus", "Model", "Query", "TestSupport",
                             .product(name: "GRDB", package: "GRDB.swift")]),
        tests("GatewayTests", ["Composition", "Auth", "CryptoPrimitives", "Query", .product(name: "HTTPTypes", package: "swift-http-types"), "Gateway", "Bus", "Model", "TestSupport", hummingbird, log,
                               .product(name: "HummingbirdTesting", package: "hummingbird"),
                               .product(name: "OpenAPIKit", package: "OpenAPIKit")]),
        tests("LambdaTests", ["Lambda", "Auth", "Gateway", "Model", hummingbird, log]),
        tests("CompositionTests", ["Composition", "Auth", "Bus", "EnvelopeCrypto", "Ingest", "Lambda", "Query", "Config",
                                   "Gateway", "Model", "Storage", "TestSupport"]),
        tests("EndToEndTests", ["TestSupport", "CryptoPrimitives", hummingbird, nio, log, .product(name: "HTTPTypes", package: "swift-http-types"),
                                .product(name: "HummingbirdTesting", package: "hummingbird")]),
    ]
)
