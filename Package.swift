// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Soundstage",
    products: [
        .executable(name: "soundstage", targets: ["soundstage"]),
        .library(name: "Soundstage", targets: ["Soundstage"]),
        .library(name: "SoundstageDSP", targets: ["SoundstageDSP"]),
        .library(name: "Psychoacoustics", targets: ["Psychoacoustics"]),
        .library(name: "RoomAcoustics", targets: ["RoomAcoustics"]),
        .library(name: "Binaural", targets: ["Binaural"]),
        .library(name: "SpatialChain", targets: ["SpatialChain"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CFFTW",
            pkgConfig: "fftw3",
            providers: [.apt(["libfftw3-dev"])]
        ),
        .systemLibrary(
            name: "CMySofa",
            pkgConfig: "libmysofa",
            providers: [.apt(["libmysofa-dev"])]
        ),
        .target(
            name: "SoundstageDSP",
            dependencies: ["CFFTW", .product(name: "Numerics", package: "swift-numerics")]
        ),
        .target(
            name: "Psychoacoustics",
            dependencies: ["SoundstageDSP"]
        ),
        .target(
            name: "RoomAcoustics",
            dependencies: ["SoundstageDSP"]
        ),
        .target(
            name: "Binaural",
            dependencies: ["SoundstageDSP", "RoomAcoustics", "Psychoacoustics", "CMySofa",
                           .product(name: "Numerics", package: "swift-numerics")]
        ),
        .target(
            name: "SpatialChain",
            dependencies: ["SoundstageDSP", "RoomAcoustics", "Binaural", .product(name: "Numerics", package: "swift-numerics")]
        ),
        .target(
            name: "Soundstage",
            dependencies: [
                "SoundstageDSP", "Psychoacoustics", "RoomAcoustics", "Binaural", "SpatialChain",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(
            name: "soundstage",
            dependencies: ["Soundstage", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "soundstage-bench",
            dependencies: ["SoundstageDSP", "RoomAcoustics", "Binaural", "SpatialChain", "Soundstage"],
            path: "Benchmarks/Sources/soundstage-bench"
        ),
        .testTarget(name: "SoundstageDSPTests", dependencies: ["SoundstageDSP"]),
        .testTarget(name: "PsychoacousticsTests", dependencies: ["Psychoacoustics", "SoundstageDSP"]),
        .testTarget(name: "RoomAcousticsTests", dependencies: ["RoomAcoustics", "Psychoacoustics", "SoundstageDSP"]),
        .testTarget(name: "BinauralTests", dependencies: ["Binaural", "RoomAcoustics", "Psychoacoustics", "SoundstageDSP"]),
        .testTarget(name: "SpatialChainTests", dependencies: ["SpatialChain", "Binaural", "RoomAcoustics", "Psychoacoustics", "SoundstageDSP"]),
        .testTarget(name: "SoundstageTests", dependencies: ["Soundstage", "RoomAcoustics"]),
    ]
)
