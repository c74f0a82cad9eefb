public import HTTPTypes
import NIOCore

/// A typed HTTP error answered like Go's `http.Error`: `text/plain; charset=utf-8`, `X-Content-Type-Options: nosniff`,
/// body = message + newline — the exact bytes Navigator users and their monitors see.
public struct HTTPFailure: Error, Sendable, Equatable {
    /// Response status.
    public var status: HTTPResponse.Status
    /// Message (the body without its trailing newline).
    public var message: String
    /// Extra response headers.
    public var headers: HTTPFields
    /// `response_type` for the access log, if the outcome has one.
    public var responseType: String?

    /// Creates a failure.
    public init(_ status: HTTPResponse.Status, _ message: String, headers: HTTPFields = [:], responseType: String? = nil) {
        self.status = status
        self.message = message
        self.headers = headers
        self.responseType = responseType
    }

    /// Go's `http.NotFound`: `404 page not found` (logged as `response_type: not-found`, D13).
    public static var notFound: HTTPFailure { HTTPFailure(.notFound, "404 page not found", responseType: "not-found") }

    /// The response this failure answers with.
    public var response: Response {
        Self.plainText(status: status, message: message, extraHeaders: headers)
    }

    /// A Go `http.Error`-style response.
    public static func plainText(status: HTTPResponse.Status, message: String, extraHeaders: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [
            .contentType: "text/plain; charset=utf-8",
            .init("X-Content-Type-Options")!: "nosniff",
        ]
        headers.append(contentsOf: extraHeaders)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: message + "\n")))
    }
}
