/// Blowfish with the "expensive key schedule" bcrypt is built on (Provos & Mazières, *A Future-Adaptable Password
/// Scheme*, 1999). One instance is one key state; it is used by a single thread and then dropped.
///
/// The state lives in one manually allocated block (18 P words, then 4 × 256 S words) so the inner loop pays no
/// array bounds checks or copy-on-write checks: bcrypt at cost 10 runs about a million block encryptions.
final class EksBlowfish {
    /// P-array (18 words) followed by the four S-boxes.
    private let state: UnsafeMutablePointer<UInt32>
    private static let wordCount = 18 + 4 * 256

    /// A state initialised with the digits of π.
    init() {
        state = .allocate(capacity: Self.wordCount)
        BlowfishPi.words.withUnsafeBufferPointer { digits in
            state.initialize(from: digits.baseAddress!, count: Self.wordCount)
        }
    }

    deinit {
        state.deallocate()
    }

    /// Blowfish's round function F.
    @inline(__always)
    private func f(_ x: UInt32) -> UInt32 {
        let s = state + 18
        let a = s[Int(x >> 24)]
        let b = s[256 + Int((x >> 16) & 0xFF)]
        let c = s[512 + Int((x >> 8) & 0xFF)]
        let d = s[768 + Int(x & 0xFF)]
        return ((a &+ b) ^ c) &+ d
    }

    /// Encrypts one 64-bit block given as two big-endian halves.
    @inline(__always)
    func encrypt(_ left: inout UInt32, _ right: inout UInt32) {
        var l = left
        var r = right
        let p = state
        l ^= p[0]
        var round = 1
        while round < 17 {
            r ^= f(l) ^ p[round]
            l ^= f(r) ^ p[round + 1]
            round += 2
        }
        r ^= p[17]
        left = r
        right = l
    }

    /// The next 32-bit word of `bytes` read as a cyclic big-endian stream from `position`.
    @inline(__always)
    private static func streamWord(_ bytes: UnsafeBufferPointer<UInt8>, _ position: inout Int, signExtend: Bool) -> UInt32 {
        var word: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            // crypt_blowfish's historical `$2x$` bug: a byte ≥ 0x80 was sign-extended before being OR-ed in.
            let extended = signExtend ? UInt32(bitPattern: Int32(Int8(bitPattern: byte))) : UInt32(byte)
            word = (word << 8) | extended
            position += 1
            if position == bytes.count { position = 0 }
        }
        return word
    }

    /// Mixes `key` into the P-array, then re-encrypts the whole state, XOR-ing `salt` (cyclically) into the
    /// running block before each encryption. `salt == nil` is bcrypt's `ExpandKey(state, 0, key)`.
    func expand(key: UnsafeBufferPointer<UInt8>, salt: UnsafeBufferPointer<UInt8>?, signExtendKey: Bool = false) {
        var position = 0
        for index in 0..<18 {
            state[index] ^= Self.streamWord(key, &position, signExtend: signExtendKey)
        }
        var left: UInt32 = 0
        var right: UInt32 = 0
        var saltPosition = 0
        var index = 0
        while index < Self.wordCount {
            if let salt {
                left ^= Self.streamWord(salt, &saltPosition, signExtend: false)
                right ^= Self.streamWord(salt, &saltPosition, signExtend: false)
            }
            encrypt(&left, &right)
            state[index] = left
            state[index + 1] = right
            index += 2
        }
    }
}
