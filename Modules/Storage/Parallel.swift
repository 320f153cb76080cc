import Model

/// Runs `body` on every element, at most `width` at a time; one result per element, in order.
func inParallel<Element: Sendable, Value: Sendable>(
    _ elements: [Element], width: Int, _ body: @escaping @Sendable (Element) async throws(ServiceError) -> Value
) async -> [Result<Value, ServiceError>] {
    await withTaskGroup(of: (Int, Result<Value, ServiceError>).self) { group in
        var results = [Result<Value, ServiceError>?](repeating: nil, count: elements.count)
        var next = 0
        func start(_ index: Int) {
            let element = elements[index]
            group.addTask {
                do throws(ServiceError) { return (index, .success(try await body(element))) } catch { return (index, .failure(error)) }
            }
        }
        while next < min(width, elements.count) {
            start(next)
            next += 1
        }
        for await (index, result) in group {
            results[index] = result
            if next < elements.count {
                start(next)
                next += 1
            }
        }
        return results.map { $0 ?? .failure(.internalError("a parallel step produced no result")) }
    }
}
