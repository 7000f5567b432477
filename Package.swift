// swift-tools-version:6.0
import PackageDescription

// Layers point down only (README "Code layout"):
//   SoundstageDSP → RoomAcoustics, Binaural → BinauralRoom, SpatialChain → RoomMetrics, Hearing
//   → Evaluation → SceneFiles, Reports → Soundstage (jobs) → soundstage (command line)
let numerics = Target.Dependency.product(name: "Numerics", package: "swift-numerics")

let package = Package(
    name: "Soundstage",
    products: [
        .executable(name: "soundstage", targets: ["soundstage"]),
        .library(name: "Soundstage", targets: ["Soundstage"]),
        .library(name: "SoundstageDSP", targets: ["SoundstageDSP"]),
        .library(name: "AudioFiles", targets: ["AudioFiles"]),
        .library(name: "RoomAcoustics", targets: ["RoomAcoustics"]),
        .library(name: "Binaural", targets: ["Binaural"]),
        .library(name: "BinauralRoom", targets: ["BinauralRoom"]),
        .library(name: "SpatialChain", targets: ["SpatialChain"]),
        .library(name: "RoomMetrics", targets: ["RoomMetrics"]),
        .library(name: "Hearing", targets: ["Hearing"]),
        .library(name: "Evaluation", targets: ["Evaluation"]),
        .library(name: "SceneFiles", targets: ["SceneFiles"]),
        .library(name: "Reports", targets: ["Reports"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .systemLibrary(name: "CFFTW", pkgConfig: "fftw3", providers: [.apt(["libfftw3-dev"])]),
        .systemLibrary(name: "CMySofa", pkgConfig: "libmysofa", providers: [.apt(["libmysofa-dev"])]),
        .systemLibrary(name: "CSndFile", pkgConfig: "sndfile", providers: [.apt(["libsndfile1-dev"])]),
        // netCDF-4 (Debian libnetcdf-dev) opened on first use rather than linked: see its header.
        .target(name: "CNetCDFLoader", linkerSettings: [.linkedLibrary("dl")]),
        // Signals, transforms, filters, bands, geometry, physical constants, parallel map.
        .target(name: "SoundstageDSP", dependencies: ["CFFTW", numerics]),
        // Audio files through libsndfile; SOFA (AES69) files written through netCDF-4.
        .target(name: "AudioFiles", dependencies: ["SoundstageDSP", "CSndFile", "CNetCDFLoader"]),
        // Rooms, materials, air, image sources, late reverberation, drivers and devices.
        .target(name: "RoomAcoustics", dependencies: ["SoundstageDSP"]),
        // Heads (sphere, structural, SOFA) and listener poses: no room needed.
        .target(name: "Binaural", dependencies: ["SoundstageDSP", "CMySofa", numerics]),
        // Binaural room impulse responses: room arrivals through a head.
        .target(name: "BinauralRoom", dependencies: ["SoundstageDSP", "RoomAcoustics", "Binaural", numerics]),
        // Upmix, virtualizer, crosstalk canceller, beamformer, modes.
        .target(name: "SpatialChain", dependencies: ["SoundstageDSP", "RoomAcoustics", "Binaural", numerics]),
        // ISO 3382 and binaural room parameters, DRR, critical distance, coherence, coloration.
        .target(name: "RoomMetrics", dependencies: ["SoundstageDSP"]),
        // The auditory model: image direction from ear signals through the listener's head.
        .target(name: "Hearing", dependencies: ["SoundstageDSP", "Binaural"]),
        // Studies, seat evaluation, zones, the metric descriptors.
        .target(
            name: "Evaluation",
            dependencies: [
                "SoundstageDSP", "RoomAcoustics", "Binaural", "BinauralRoom", "SpatialChain", "RoomMetrics", "Hearing",
            ]
        ),
        // Scene files (YAML) → values: rooms, devices, heads, seats, chains, studies.
        .target(
            name: "SceneFiles",
            dependencies: [
                "SoundstageDSP", "RoomAcoustics", "Binaural", "SpatialChain", "Evaluation", "AudioFiles",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // CSV, JSON, markdown and SVG outputs, baselines and the gate.
        .target(
            name: "Reports",
            dependencies: [
                "SoundstageDSP", "RoomAcoustics", "Binaural", "SpatialChain", "RoomMetrics", "Hearing", "Evaluation",
                numerics,
            ]
        ),
        // The jobs the commands run: load scenes, evaluate, write reports atomically.
        .target(
            name: "Soundstage",
            dependencies: [
                "SoundstageDSP", "RoomAcoustics", "Binaural", "BinauralRoom", "SpatialChain", "RoomMetrics", "Hearing",
                "Evaluation", "SceneFiles", "Reports", "AudioFiles",
            ]
        ),
        .executableTarget(
            name: "soundstage",
            dependencies: [
                "Soundstage", "Evaluation", "SceneFiles", "Reports", "SpatialChain", "SoundstageDSP", "Hearing",
                "Binaural", "AudioFiles", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // The Swift runtime and Foundation linked in, not loaded: every command starts in half the time
            // (`soundstage --version` 17 → 8 ms on the same hour; the dynamic loader's symbol lookups were
            // most of it). `swift build --static-swift-stdlib` would do it for every target, but the test
            // targets cannot link statically (Swift Testing ships no static library), so only the executable
            // asks, naming the static Foundation's own dependencies (its module maps would, compiled that way).
            linkerSettings: [
                .unsafeFlags([
                    "-static-stdlib", "-Xlinker", "--start-group", "-lFoundation", "-lCoreFoundation",
                    "-lFoundationEssentials", "-lFoundationInternationalization", "-l_FoundationICU",
                    "-l_FoundationCShims", "-l_FoundationCollections", "-lswiftSynchronization", "-Xlinker",
                    "--end-group",
                    "-lstdc++",
                ])
            ]
        ),
        .testTarget(name: "SoundstageDSPTests", dependencies: ["SoundstageDSP", numerics]),
        .testTarget(name: "AudioFilesTests", dependencies: ["AudioFiles", "SoundstageDSP"]),
        .testTarget(name: "RoomAcousticsTests", dependencies: ["RoomAcoustics", "RoomMetrics", "SoundstageDSP"]),
        .testTarget(
            name: "BinauralTests",
            dependencies: ["Binaural", "BinauralRoom", "RoomAcoustics", "RoomMetrics", "SoundstageDSP", numerics]),
        .testTarget(name: "RoomMetricsTests", dependencies: ["RoomMetrics", "SoundstageDSP"]),
        .testTarget(name: "HearingTests", dependencies: ["Hearing", "Binaural", "SoundstageDSP", numerics]),
        .testTarget(
            name: "SpatialChainTests",
            dependencies: [
                "SpatialChain", "SceneFiles", "AudioFiles", "Binaural", "RoomAcoustics", "SoundstageDSP", numerics,
            ]),
        .testTarget(
            name: "SoundstageTests",
            dependencies: [
                "Soundstage", "Evaluation", "SceneFiles", "Reports", "SpatialChain", "Binaural", "RoomAcoustics",
                "RoomMetrics", "SoundstageDSP",
            ]
        ),
    ]
)
