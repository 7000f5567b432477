import AudioFiles
import Foundation
import SceneFiles
import SoundstageDSP

/// What an input is fed to: its first byte modulo the count picks the parser, the rest is the file.
enum FuzzedFile: UInt8, CaseIterable {
    case room, study, seats, chain, device, head, audio
}

/// libFuzzer's entry point: every input must come back (an error is fine); a crash, a trap, a hang or
/// running out of memory is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let kind = FuzzedFile(rawValue: data[0] % UInt8(FuzzedFile.allCases.count)) ?? .room
    let body = Data(bytes: data + 1, count: size - 1)
    if kind == .audio {
        _ = try? AudioFile.decode(body, path: "fuzz-audio")
        return 0
    }
    guard let text = String(data: body, encoding: .utf8) else { return 0 }
    // Relative paths inside a study resolve against a folder that holds nothing.
    let file = "/nonexistent-fuzz-folder/fuzz.yaml"
    do {
        let root = try SceneNode.parse(yaml: text, file: file)
        switch kind {
        case .room: _ = try RoomFile.parse(root)
        case .study: _ = try StudyFile.parse(root)
        case .seats: _ = try SeatSetFile.parse(root)
        case .chain: _ = try ChainFile.parse(root)
        case .device: _ = try DeviceFile.parse(root)
        case .head: _ = try HeadFile.parse(root, sampleRate: 48000)
        case .audio: break
        }
    } catch {}
    return 0
}

/// libFuzzer's driver (in the fuzzer runtime that `-sanitize=fuzzer` links).
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

/// SwiftPM links an executable's entry point under this name: hand the process to libFuzzer.
@_cdecl("soundstage_fuzz_main")
public func fuzzMain(
    _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments) { data, size in fuzz(data, size) }
}
