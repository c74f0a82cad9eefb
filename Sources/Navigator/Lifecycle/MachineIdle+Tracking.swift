public import NavigatorCore

extension MachineIdle {
    /// Runs `answer` counted as activity while `server.idle` is configured; the count ends when the response body
    /// has been written or dropped.
    public func tracking(_ answer: () async throws -> Response) async throws -> Response {
        // Wrapping the body would cost every response a separate write for its head.
        guard isEnabled else { return try await answer() }
        let visit = await begin()
        var response: Response
        do {
            response = try await answer()
        } catch {
            visit.end()
            throw error
        }
        let body = response.body
        response.body = ResponseBody(contentLength: body.contentLength) { writer in
            defer { visit.end() }
            try await body.write(writer)
        }
        return response
    }
}
