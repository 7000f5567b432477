import Evaluation
import Foundation

/// Writes a folder of outputs atomically and safely.
///
/// - Everything goes into a hidden sibling folder (`.NAME.partial-PID`) that is renamed into place
///   only when complete, so an error never leaves a half-written folder.
/// - Only a folder this tool wrote (it holds a ``markerName`` file, written into every output folder)
///   or an empty folder is ever replaced: `--out` on a user's folder, a file, a link or a device is
///   refused before any work, so nothing the tool did not write is deleted.
/// - A lock file (`.NAME.lock`, holding the writer's PID) makes a second run on the same `--out` fail
///   with a clear message instead of racing; the lock and partial folders of dead processes are
///   cleaned up.
public struct OutputDirectory: Sendable {
    /// The file that marks a folder as written by soundstage (deterministic content, so two runs'
    /// folders compare equal with `diff -r`).
    public static let markerName = ".soundstage-output"
    static let markerText = "This folder was written by soundstage; a later run with the same --out may replace it.\n"

    public let finalPath: String
    public let stagingPath: String
    let lockPath: String

    /// Prepares to write `path` (the value of `option`, for messages).
    public init(_ path: String, option: String = "output folder") throws {
        let fm = FileManager.default
        let url = URL(fileURLWithPath: path).standardizedFileURL
        finalPath = url.path
        let parent = url.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: parent.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw InputError(option, "the parent folder \(parent.path) does not exist")
        }
        try OutputDirectory.checkReplaceable(finalPath, option: option)
        let name = url.lastPathComponent
        let pid = ProcessInfo.processInfo.processIdentifier
        lockPath = parent.appendingPathComponent(".\(name).lock").path
        try OutputDirectory.lock(lockPath, target: finalPath, option: option)
        OutputDirectory.removeStalePartials(in: parent.path, name: name)
        stagingPath = parent.appendingPathComponent(".\(name).partial-\(pid)").path
        do {
            try? fm.removeItem(atPath: stagingPath)
            try fm.createDirectory(atPath: stagingPath, withIntermediateDirectories: true)
            try OutputDirectory.markerText.write(
                toFile: (stagingPath as NSString).appendingPathComponent(OutputDirectory.markerName), atomically: false,
                encoding: .utf8)
        } catch {
            try? fm.removeItem(atPath: lockPath)
            throw InputError(option, "cannot create \(stagingPath): \(error.localizedDescription)")
        }
    }

    /// Path of `name` inside the staging folder.
    public func path(_ name: String) -> String { (stagingPath as NSString).appendingPathComponent(name) }

    /// Moves the finished folder into place (replacing an older one this tool wrote).
    public func commit() throws {
        let fm = FileManager.default
        defer { try? fm.removeItem(atPath: lockPath) }
        if fm.fileExists(atPath: finalPath) {
            let old = stagingPath + ".old"
            try? fm.removeItem(atPath: old)
            try fm.moveItem(atPath: finalPath, toPath: old)
            try fm.moveItem(atPath: stagingPath, toPath: finalPath)
            try? fm.removeItem(atPath: old)
        } else {
            try fm.moveItem(atPath: stagingPath, toPath: finalPath)
        }
    }

    /// Removes the staging folder (and the lock) after a failure.
    public func abandon() {
        try? FileManager.default.removeItem(atPath: stagingPath)
        try? FileManager.default.removeItem(atPath: lockPath)
    }

    /// Throws unless `path` is absent, an empty folder or a folder holding the marker.
    static func checkReplaceable(_ path: String, option: String) throws {
        let fm = FileManager.default
        guard let attributes = try? fm.attributesOfItem(atPath: path) else { return }
        guard attributes[.type] as? FileAttributeType == .typeDirectory else {
            throw InputError(
                option, "\(path) exists and is not a folder (a file, link or device): choose another output folder")
        }
        let contents = (try? fm.contentsOfDirectory(atPath: path)) ?? []
        guard contents.isEmpty || contents.contains(markerName) else {
            throw InputError(
                option,
                "\(path) is a folder soundstage did not write (it has no \(markerName) file), so it is not"
                    + " replaced: choose another output folder, or empty or delete it yourself")
        }
    }

    /// Takes the lock at `lockPath`, or throws when a live process holds it.
    static func lock(_ lockPath: String, target: String, option: String) throws {
        let pid = ProcessInfo.processInfo.processIdentifier
        for _ in 0..<2 {
            let fd = open(lockPath, O_WRONLY | O_CREAT | O_EXCL, 0o644)
            if fd >= 0 {
                let text = "\(pid)\n"
                _ = text.withCString { write(fd, $0, strlen($0)) }
                close(fd)
                return
            }
            let holder = (try? String(contentsOfFile: lockPath, encoding: .utf8))
                .flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            if let holder, isAlive(holder) {
                throw InputError(
                    option, "another soundstage run (process \(holder)) is writing \(target); wait for it to finish")
            }
            try? FileManager.default.removeItem(atPath: lockPath)
        }
        throw InputError(option, "cannot take the lock \(lockPath)")
    }

    /// Removes `.NAME.partial-PID` folders (and their `.old` siblings) left by dead processes.
    static func removeStalePartials(in parent: String, name: String) {
        let prefix = ".\(name).partial-"
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? [] where entry.hasPrefix(prefix)
        {
            let digits = entry.dropFirst(prefix.count).prefix { $0.isNumber }
            guard let pid = Int32(digits), !isAlive(pid) else { continue }
            try? FileManager.default.removeItem(atPath: (parent as NSString).appendingPathComponent(entry))
        }
    }

    /// Whether process `pid` exists.
    static func isAlive(_ pid: Int32) -> Bool { kill(pid, 0) == 0 || errno == EPERM }
}
