import AWS

extension SignableRequest {
    /// The values of every header named `name` (case-insensitively), in order: what the tests read of a signed
    /// request.
    func headerValues(_ name: String) -> [String] {
        let lowercased = name.lowercased()
        return headers.filter { $0.name.lowercased() == lowercased }.map(\.value)
    }
}
