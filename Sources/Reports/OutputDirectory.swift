import Evaluation
import Foundation

/// Writes a folder of outputs atomically: everything goes into a hidden sibling folder that is
/// renamed into place only when complete, so an error never leaves a half-written folder.
public struct OutputDirectory {
    public let finalPath: String
    public let stagingPath: String

    public init(_ path: String) throws {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        finalPath = url.path
        let parent = url.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: parent.path, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            throw InputError("--out", "the parent folder \(parent.path) does not exist")
        }
        stagingPath =
            parent.appendingPathComponent(
                ".\(url.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)"
            ).path
        try? FileManager.default.removeItem(atPath: stagingPath)
        try FileManager.default.createDirectory(atPath: stagingPath, withIntermediateDirectories: true)
    }

    /// Path of `name` inside the staging folder.
    public func path(_ name: String) -> String { (stagingPath as NSString).appendingPathComponent(name) }

    /// Moves the finished folder into place (replacing an older one).
    public func commit() throws {
        let fm = FileManager.default
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

    /// Removes the staging folder after a failure.
    public func abandon() { try? FileManager.default.removeItem(atPath: stagingPath) }
}
