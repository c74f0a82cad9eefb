/// Everything needed to start one child process.
public struct SpawnRequest: Sendable, Equatable {
    /// Program: a path, or a name looked up in the child's `PATH`.
    public var executable: String
    /// Arguments without the program name.
    public var arguments: [String]
    /// The child's complete environment, in order (later entries win).
    public var environment: [(String, String)]
    /// Working directory; `nil` = the server's.
    public var workingDirectory: String?
    /// User/group to run as; `nil` = unchanged.
    public var credentials: Credentials?
    /// `cgroup.procs` of the memory cgroup to join before exec, or `nil`.
    public var cgroupProcsPath: String?

    /// Creates a request.
    public init(
        executable: String, arguments: [String] = [], environment: [(String, String)],
        workingDirectory: String? = nil, credentials: Credentials? = nil, cgroupProcsPath: String? = nil
    ) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.credentials = credentials
        self.cgroupProcsPath = cgroupProcsPath
    }

    public static func == (lhs: SpawnRequest, rhs: SpawnRequest) -> Bool {
        lhs.executable == rhs.executable && lhs.arguments == rhs.arguments
            && lhs.environment.elementsEqual(rhs.environment, by: { $0 == $1 })
            && lhs.workingDirectory == rhs.workingDirectory && lhs.credentials == rhs.credentials
            && lhs.cgroupProcsPath == rhs.cgroupProcsPath
    }

    /// The environment as a dictionary-like list with duplicates resolved (the last entry wins, order kept).
    public var resolvedEnvironment: [(String, String)] {
        var positions: [String: Int] = [:]
        var result: [(String, String)] = []
        for (name, value) in environment {
            if let index = positions[name] {
                result[index].1 = value
            } else {
                positions[name] = result.count
                result.append((name, value))
            }
        }
        return result
    }
}

/// A numeric user and group to switch to.
public struct Credentials: Sendable, Equatable {
    /// User id.
    public var uid: UInt32
    /// Group id.
    public var gid: UInt32

    /// Creates credentials.
    public init(uid: UInt32, gid: UInt32) {
        self.uid = uid
        self.gid = gid
    }
}
