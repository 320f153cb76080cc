/// A wiring mistake found while a process registers its modules on the bus.
public struct BusError: Error, Sendable, CustomStringConvertible {
    public let description: String

    init(_ description: String) { self.description = description }
}
