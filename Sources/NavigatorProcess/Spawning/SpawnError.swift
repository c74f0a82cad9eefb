/// Why a child could not be started.
public struct SpawnError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The step that failed (`fork`, `exec`, `chdir`, `lookup`, …).
    public var step: String
    /// `errno` of the failure (0 when not a system error).
    public var code: Int32
    /// The program.
    public var executable: String

    /// Creates an error.
    public init(step: String, code: Int32, executable: String) {
        self.step = step
        self.code = code
        self.executable = executable
    }

    public var description: String {
        let reason = code == 0 ? "" : ": \(String(cString: strerror(code)))"
        return "\(executable): \(step) failed\(reason)"
    }

    /// Names of the C helper's step numbers.
    static func stepName(_ step: Int32) -> String {
        switch step {
        case 1: return "fork"
        case 2: return "setsid"
        case 3: return "prctl(PR_SET_PDEATHSIG)"
        case 4: return "joining the memory cgroup"
        case 5: return "redirecting output"
        case 6: return "chdir"
        case 7: return "setgroups"
        case 8: return "setgid"
        case 9: return "setuid"
        case 10: return "exec"
        default: return "spawn step \(step)"
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
