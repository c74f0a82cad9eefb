public import HTTPTypes

/// One HTTP response: status, header fields and a body written once.
public struct Response: Sendable {
    /// The status.
    public var status: HTTPResponse.Status
    /// The header fields.
    public var headers: HTTPFields
    private var storedBody: ResponseBody

    /// The status and header fields as one value.
    public var head: HTTPResponse {
        get { HTTPResponse(status: status, headerFields: headers) }
        set {
            status = newValue.status
            headers = newValue.headerFields
        }
    }

    /// The body; setting a body of another known length updates `Content-Length`.
    public var body: ResponseBody {
        get { storedBody }
        set {
            if newValue.contentLength != storedBody.contentLength {
                headers[.contentLength] = newValue.contentLength.map { String($0) }
            }
            storedBody = newValue
        }
    }

    /// A response; a body of known length sets `Content-Length` unless the headers already have one.
    public init(status: HTTPResponse.Status, headers: HTTPFields = [:], body: ResponseBody = ResponseBody()) {
        self.status = status
        self.headers = headers
        self.storedBody = body
        if let length = body.contentLength, headers[.contentLength] == nil {
            self.headers[.contentLength] = String(length)
        }
    }
}
