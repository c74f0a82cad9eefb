import HTTPTypes
import NavigatorConfig
import NavigatorCore

/// F21: gives every request an `X-Request-Id`, records where it started and logs Navigator's debug line
/// `Request received method=… path=… request_id=…`.
///
/// A missing (or empty) header gets 32 lower-case hex characters from the system RNG, added to the request that
/// travels on, so tenants, reverse proxies and CGI scripts see it. An existing value is kept verbatim. The id is
/// also echoed on the response (Navigator does not; users asked for it), unless the response already carries one.
struct RequestIDMiddleware: NavigatorMiddleware {
    /// `X-Request-Id`.
    static let headerName = HTTPField.Name("X-Request-Id")!

    /// Produces a fresh id.
    let generate: @Sendable () -> String

    /// Creates the stage; tests may pass a deterministic generator.
    init(generate: @escaping @Sendable () -> String = RequestIDMiddleware.randomIdentifier) {
        self.generate = generate
    }

    /// The pipeline factory: the stage is always present.
    static func make(from configuration: NavigatorConfiguration, services: PipelineServices) -> RequestIDMiddleware? {
        RequestIDMiddleware()
    }

    func handle(
        _ request: Request, context: NavigatorRequestContext,
        next: NextHandler
    ) async throws -> Response {
        var request = request
        var context = context
        let identifier: String
        if let existing = request.headers[Self.headerName], !existing.isEmpty {
            identifier = existing
        } else {
            identifier = generate()
            var head = request.head
            head.headerFields[Self.headerName] = identifier
            request = Request(head: head, body: request.body)
        }
        context.requestID = identifier
        context.originalPath = request.uri.path
        // Navigator's first line for every request, at debug level (the arguments are built only then).
        context.logger.debug("Request received", metadata: .ordered([
            "method": .string(request.method.rawValue), "path": .string(request.uri.path), "request_id": .string(identifier),
        ]))
        var response = try await next(request, context)
        if response.headers[Self.headerName] == nil {
            response.headers[Self.headerName] = identifier
        }
        return response
    }

    /// 16 bytes from the system RNG as 32 lower-case hex characters (Navigator's format).
    @Sendable static func randomIdentifier() -> String {
        let words = RandomPool.shared.twoWords()
        // Written straight into the string's storage: this runs for every request.
        return String(unsafeUninitializedCapacity: 32) { buffer in
            for (index, word) in [words.0, words.1].enumerated() {
                for digit in 0..<16 {
                    let nibble = UInt8(truncatingIfNeeded: word >> UInt64(60 - 4 * digit)) & 0xF
                    buffer[index * 16 + digit] = nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
                }
            }
            return 32
        }
    }
}
