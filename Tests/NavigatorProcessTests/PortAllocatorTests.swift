import Synchronization
import Testing
@testable import NavigatorProcess

#if canImport(Glibc)
import Glibc
#endif

/// Port allocation (F2, D10).
@Suite struct PortAllocatorTests {
    @Test func handsOutTheLowestFreePortAndTakesItBack() {
        let allocator = PortAllocator(startPort: 5000) { _ in true }
        #expect(allocator.allocate() == 5000)
        #expect(allocator.allocate() == 5001)
        allocator.release(5000)
        #expect(allocator.allocate() == 5000)
        #expect(allocator.allocated == [5000, 5001])
    }

    @Test func skipsPortsSomeoneElseHoldsAndStopsAtTheEndOfTheRange() {
        let allocator = PortAllocator(startPort: 6000) { $0 % 2 == 1 }
        #expect(allocator.allocate() == 6001)
        var count = 1
        while allocator.allocate() != nil { count += 1 }
        #expect(count == 50)  // the odd ports of 6000…6100
    }

    @Test func bindTestSeesARealListener() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        #expect(listen(fd, 1) == 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        let port = Int(UInt16(bigEndian: address.sin_port))
        #expect(!PortAllocator.canBind(port))
    }
}
