import Foundation
import Testing
@testable import Server

@Suite struct EventLogTests {
    static func event(_ id: Int) -> ServingEvent {
        .error(.init(time: Date(), requestID: "r\(id)", component: "test", severity: "warning", message: "event \(id)"))
    }

    /// Nobody drains the queue: past its capacity events are dropped and counted, never waited for.
    @Test func aFullQueueDropsAndCounts() throws {
        let log = try EventLog(directory: try temporaryDirectory().path, capacity: 3)
        for index in 0..<10 { log.emit(Self.event(index)) }
        #expect(log.enqueued == 3)
        #expect(log.dropped == 7)
    }

    @Test func filesRotateAndOnlyTheNewestAreKept() throws {
        let directory = try temporaryDirectory()
        var file = RotatingFile(directory: directory.path, maxBytes: 300, keep: 2)
        for index in 0..<40 { file.write(Self.event(index).line()) }
        file.close()
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(names.count == 2)
        let last = try String(contentsOfFile: directory.appendingPathComponent(names[1]).path, encoding: .utf8)
        #expect(last.contains("event 39"))
        for line in last.split(separator: "\n") {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["type"] as? String == "error")
        }
    }
}
