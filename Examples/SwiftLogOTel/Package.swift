// swift-tools-version:6.1
// An example service that ships its swift-log lines to logsvc with swift-otel (OTLP/HTTP). A package of its own,
// so the main build does not pay for it; Examples/SwiftLogOTel/check builds and runs it against a real logsvc.
import PackageDescription

let package = Package(
    name: "SwiftLogOTel",
    platforms: [.macOS(.v15)],
    dependencies: [
        // Only the OTLP/HTTP exporter: without swift-otel's default traits, gRPC and its dependencies are not built.
        .package(url: "https://github.com/swift-otel/swift-otel.git", from: "1.6.0", traits: ["OTLPHTTP"]),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        .executableTarget(
            name: "SwiftLogOTel",
            dependencies: [
                .product(name: "OTel", package: "swift-otel"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
    ]
)
