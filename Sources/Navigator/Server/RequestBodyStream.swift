import NIOCore

/// A request body read from the connection as the pipeline consumes it.
///
/// The connection handler yields each body part into `source`; once the buffered parts reach the high watermark
/// the handler stops reading from the socket, and it reads on when the pipeline asks for more. The pipeline reads
/// `body`, an async sequence of byte buffers.
enum RequestBodyStream {
    /// NIO's producer with a high/low watermark, fed on the event loop.
    typealias Producer = NIOThrowingAsyncSequenceProducer<
        ByteBuffer, any Error, NIOAsyncSequenceProducerBackPressureStrategies.HighLowWatermark, Demand
    >
    /// The handler's side: `yield`, `finish`.
    typealias Source = Producer.Source

    /// Buffered parts at which reading stops, and below which it resumes.
    static let highWatermark = 8
    static let lowWatermark = 2

    /// A new stream whose demand is reported to `handler` on `eventLoop`.
    static func make(handler: HTTPConnectionHandler, eventLoop: any EventLoop) -> (source: Source, body: Producer) {
        let made = Producer.makeSequence(
            elementType: ByteBuffer.self, failureType: (any Error).self,
            backPressureStrategy: .init(lowWatermark: lowWatermark, highWatermark: highWatermark),
            finishOnDeinit: false,
            delegate: Demand(handler: NIOLoopBound(handler, eventLoop: eventLoop)))
        return (made.source, made.sequence)
    }

    /// Tells the connection handler, on its loop, that the pipeline wants more or has dropped the body.
    struct Demand: NIOAsyncSequenceProducerDelegate {
        let handler: NIOLoopBound<HTTPConnectionHandler>

        func produceMore() {
            let handler = self.handler
            handler.eventLoop.execute { handler.value.bodyDemanded() }
        }

        func didTerminate() {
            let handler = self.handler
            handler.eventLoop.execute { handler.value.bodyAbandoned() }
        }
    }
}

/// A body whose first read sends `100 Continue`, for clients that wait for it (`Expect: 100-continue`) before
/// sending the body; a request answered without reading its body never asks for it.
struct ContinueOnFirstRead: AsyncSequence, Sendable {
    typealias Element = ByteBuffer

    let base: RequestBodyStream.Producer
    let handler: NIOLoopBound<HTTPConnectionHandler>

    init(base: RequestBodyStream.Producer, eventLoop: any EventLoop, handler: HTTPConnectionHandler) {
        self.base = base
        self.handler = NIOLoopBound(handler, eventLoop: eventLoop)
    }

    func makeAsyncIterator() -> Iterator {
        Iterator(base: base.makeAsyncIterator(), handler: handler)
    }

    /// Reads the base body, asking for it first.
    struct Iterator: AsyncIteratorProtocol {
        var base: RequestBodyStream.Producer.AsyncIterator
        let handler: NIOLoopBound<HTTPConnectionHandler>
        var asked = false

        mutating func next(isolation actor: isolated (any Actor)?) async throws -> ByteBuffer? {
            if !asked {
                asked = true
                let handler = self.handler
                handler.eventLoop.execute { handler.value.sendContinue() }
            }
            return try await base.next(isolation: actor)
        }

        mutating func next() async throws -> ByteBuffer? {
            try await next(isolation: nil)
        }
    }
}
