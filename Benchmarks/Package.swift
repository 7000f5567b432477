// swift-tools-version:6.0
import PackageDescription

// The benchmarks are their own package (as in swift-collections), so building the product never
// builds them: `make bench` (or `swift run -c release --package-path Benchmarks soundstage-bench all`
// from the repository root; the benchmarks read Rooms/ and Studies/ relative to the working directory).
let package = Package(
    name: "SoundstageBenchmarks",
    dependencies: [.package(name: "Soundstage", path: "..")],
    targets: [
        .executableTarget(
            name: "soundstage-bench",
            dependencies: [
                .product(name: "Soundstage", package: "Soundstage"),
                .product(name: "Evaluation", package: "Soundstage"),
                .product(name: "SceneFiles", package: "Soundstage"),
                .product(name: "Reports", package: "Soundstage"),
                .product(name: "SoundstageDSP", package: "Soundstage"),
                .product(name: "RoomAcoustics", package: "Soundstage"),
                .product(name: "Binaural", package: "Soundstage"),
                .product(name: "BinauralRoom", package: "Soundstage"),
                .product(name: "SpatialChain", package: "Soundstage"),
                .product(name: "Hearing", package: "Soundstage"),
            ]
        )
    ]
)
