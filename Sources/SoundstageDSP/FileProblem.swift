import Foundation

/// Plain-language reasons a file could not be read or written, instead of Foundation's error codes
/// ("NSCocoaErrorDomain error 256", "the file doesn't exist" for a missing folder).
public enum FileProblem {
    /// Why `path` cannot be read, judged from the file system; `error` is the fallback.
    public static func reading(_ path: String, _ error: Error) -> String {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else { return "no such file" }
        if isDirectory.boolValue { return "it is a folder, not a file" }
        if !fm.isReadableFile(atPath: path) { return "permission denied" }
        return plain(error)
    }

    /// Why `path` cannot be written, judged from the file system; `error` is the fallback.
    public static func writing(_ path: String, _ error: Error) -> String {
        let fm = FileManager.default
        let folder =
            (path as NSString).deletingLastPathComponent.isEmpty
            ? "." : (path as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: folder, isDirectory: &isDirectory) else {
            return "the folder \(folder) does not exist"
        }
        if !isDirectory.boolValue { return "\(folder) is a file, not a folder" }
        if !fm.isWritableFile(atPath: folder) { return "permission denied in \(folder)" }
        return plain(error)
    }

    /// The error's own words, with the disk-full case named.
    static func plain(_ error: Error) -> String {
        if let cocoa = error as? CocoaError, cocoa.code == .fileWriteOutOfSpace { return "the disk is full" }
        if let posix = error as? POSIXError, posix.code == .ENOSPC { return "the disk is full" }
        return error.localizedDescription
    }
}
