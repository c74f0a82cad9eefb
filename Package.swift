// swift-tools-version:6.2
import PackageDescription

/// Targets follow dependency weight: configuration (pure) → core pipeline → middlewares and assembly → CLI.
let package = Package(
    name: "navigator",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "navigator", targets: ["navigator"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        .systemLibrary(
            name: "CLibCrypt",
            providers: [.apt(["libcrypt-dev"])]
        ),
        .target(
            name: "NavigatorConfig",
            dependencies: ["CLibYAML"]
        ),
        .target(
            name: "NavigatorCore",
            dependencies: [
                "NavigatorConfig",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
            ]
        ),
        .target(
            name: "NavigatorCable",
            dependencies: [
                "NavigatorConfig",
                "NavigatorCore",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        .target(
            name: "NavigatorCableClient",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "navigator-bench",
            dependencies: [
                "NavigatorCableClient",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .target(
            name: "CNavigatorSpawn"
        ),
        .target(
            name: "NavigatorProcess",
            dependencies: [
                "NavigatorConfig",
                "NavigatorCore",
                "CNavigatorSpawn",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "Navigator",
            dependencies: [
                "NavigatorConfig",
                "NavigatorCore",
                "NavigatorCable",
                "NavigatorProcess",
                "CLibCrypt",
                "CNavigatorSpawn",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "NIOExtras", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .executableTarget(
            name: "navigator",
            dependencies: [
                "Navigator",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .target(
            name: "NavigatorTestSupport",
            dependencies: [
                "Navigator",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Tests/NavigatorTestSupport"
        ),
        .testTarget(
            name: "NavigatorConfigTests",
            dependencies: ["NavigatorConfig"],
            resources: [.copy("Golden")]
        ),
        .testTarget(
            name: "NavigatorCoreTests",
            dependencies: [
                "NavigatorCore", "NavigatorTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .testTarget(
            name: "NavigatorProcessTests",
            dependencies: ["NavigatorProcess", "NavigatorConfig"]
        ),
        .testTarget(
            name: "NavigatorCableTests",
            dependencies: [
                "Navigator", "NavigatorCable", "NavigatorCableClient", "NavigatorTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "NavigatorTests",
            dependencies: [
                "Navigator", "NavigatorTestSupport",
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
    ]
)

// SE-0461: a nonisolated async function runs on its caller's executor. NIO's event loops are the server's global
// executor and run every job as the loop's serial executor; in the request path, without this, each call into a
// nonisolated async function hopped back through the loop's task queue — about fifty hops per request
// (docs/PERFORMANCE.md). Only the request-path targets need it. Changing this list needs a clean build
// (`rm -rf .build`): incremental builds kept objects compiled against the other calling convention, which crashed.
for target in package.targets where ["NavigatorCore", "Navigator"].contains(target.name) {
    target.swiftSettings = (target.swiftSettings ?? []) + [.enableUpcomingFeature("NonisolatedNonsendingByDefault")]
}
