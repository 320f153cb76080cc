import Dispatch
import Model

/// Runs CPU-heavy synchronous work (password hashing, key generation) off Swift's cooperative
/// thread pool, so it cannot starve request handling or timers.
enum BlockingWork {
    static func run<T: Sendable>(_ work: @escaping @Sendable () throws(ServiceError) -> T) async throws(ServiceError) -> T {
        let result: Result<T, ServiceError> = await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                continuation.resume(returning: Result { () throws(ServiceError) in try work() })
            }
        }
        return try result.get()
    }
}
