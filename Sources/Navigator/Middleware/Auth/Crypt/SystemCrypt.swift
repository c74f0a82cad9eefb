import CLibCrypt

/// A hash the system's libxcrypt checks: bcrypt (`$2a$`, `$2b$`, `$2x$`, `$2y$`), SHA-crypt (`$5$`, `$6$`),
/// MD5-crypt (`$1$`) and DES crypt (13 characters).
///
/// libxcrypt is the glibc systems' own password hashing (the one `login`, `htpasswd` on Debian and Python's `crypt`
/// use), maintained and audited; we only check the hash's shape, so a malformed line is reported at load.
struct SystemCrypt: PasswordHashScheme {
    /// The stored hash, which is also the setting crypt reads its method, cost and salt from.
    let stored: [UInt8]

    /// `hash` when it has `shape`'s form; `nil` otherwise.
    init?(_ hash: String, shape: CryptShape) {
        guard shape.matches(hash) else { return nil }
        stored = Array(hash.utf8)
    }

    /// Whether `password` hashes to the stored hash. A password with a NUL byte never matches: crypt reads a C
    /// string, so `pw\0anything` would otherwise pass for `pw`.
    func verify(_ password: [UInt8]) -> Bool {
        guard !password.contains(0) else { return false }
        let size = MemoryLayout<crypt_data>.size
        // 32 KiB of scratch per call: crypt_rn is re-entrant only with its own crypt_data, and the hashing pool
        // runs several checks at once.
        let scratch = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: MemoryLayout<crypt_data>.alignment)
        defer { scratch.deallocate() }
        scratch.initializeMemory(as: UInt8.self, repeating: 0, count: size)
        let produced: [UInt8]? = (password + [0]).withUnsafeBufferPointer { phrase in
            (stored + [0]).withUnsafeBufferPointer { setting in
                phrase.withMemoryRebound(to: CChar.self) { phrase in
                    setting.withMemoryRebound(to: CChar.self) { setting in
                        guard let result = crypt_rn(phrase.baseAddress, setting.baseAddress, scratch, Int32(size)) else {
                            return nil
                        }
                        var length = 0
                        while result[length] != 0 { length += 1 }
                        return UnsafeBufferPointer(start: result, count: length).map { UInt8(bitPattern: $0) }
                    }
                }
            }
        }
        guard let produced else { return false }
        return ConstantTime.equals(produced, stored)
    }
}
