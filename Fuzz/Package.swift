// swift-tools-version:6.0
import PackageDescription

// The fuzz target is its own package (like Benchmarks/), built only by `make fuzz`:
//   swift build -c release --package-path Fuzz -Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library
// libFuzzer provides main(); the target feeds every input to the scene-file parsers and the audio reader.
let package = Package(
    name: "SoundstageFuzz",
    dependencies: [.package(name: "Soundstage", path: "..")],
    targets: [
        .executableTarget(
            name: "soundstage-fuzz",
            dependencies: [
                .product(name: "SceneFiles", package: "Soundstage"),
                .product(name: "SoundstageDSP", package: "Soundstage"),
                .product(name: "AudioFiles", package: "Soundstage"),
            ]
        )
    ]
)
