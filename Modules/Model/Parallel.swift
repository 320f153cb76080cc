/// Runs `body` on every element, at most `width` at a time; one result per element, in order. Once the calling
/// task is cancelled no further element is started (each gets `cancelled`); those running see the cancellation.
public func inParallel<Element: Sendable, Value: Sendable>(
    _ elements: [Element], width: Int, _ body: @escaping @Sendable (Element) async throws(ServiceError) -> Value
) async -> [Result<Value, ServiceError>] {
    await withTaskGroup(of: (Int, Result<Value, ServiceError>).self) { group in
        var results = [Result<Value, ServiceError>?](repeating: nil, count: elements.count)
        var next = 0
        func startNext() {
            guard next < elements.count, !Task.isCancelled else { return }
            let (index, element) = (next, elements[next])
            next += 1
            group.addTask {
                do throws(ServiceError) { return (index, .success(try await body(element))) } catch { return (index, .failure(error)) }
            }
        }
        for _ in 0..<max(1, width) { startNext() }
        for await (index, result) in group {
            results[index] = result
            startNext()
        }
        return results.map { $0 ?? .failure(.cancelled) }
    }
}
