/// A response-body writer that can send a part of a file straight from the page cache (`sendfile(2)`), instead of
/// the file being read into memory and copied to the socket.
protocol FileSendingWriter {
    /// Sends `count` bytes of the file at `path`, from `offset`, as the next bytes of the body. Returns `false`,
    /// having written nothing, when this writer cannot.
    mutating func sendFile(path: String, offset: Int64, count: Int64) async throws -> Bool
}
