/// What a new password must contain (`auth.password_policy`; Cognito's default policy by default).
public struct PasswordPolicy: Sendable, Codable, Equatable {
    public var minimumLength: Int
    public var requireUppercase: Bool
    public var requireLowercase: Bool
    public var requireNumbers: Bool
    public var requireSymbols: Bool

    public init(minimumLength: Int = 8, requireUppercase: Bool = true, requireLowercase: Bool = true,
                requireNumbers: Bool = true, requireSymbols: Bool = true) {
        self.minimumLength = minimumLength
        self.requireUppercase = requireUppercase
        self.requireLowercase = requireLowercase
        self.requireNumbers = requireNumbers
        self.requireSymbols = requireSymbols
    }

    /// `invalidPassword` naming the first rule `password` breaks, as Cognito words it.
    public func check(_ password: String) throws(ServiceError) {
        func fail(_ rule: String) -> ServiceError {
            ServiceError(.invalidPassword, "Password does not conform to policy: \(rule)")
        }
        guard password.count >= minimumLength else { throw fail("Password not long enough") }
        guard password.count <= 256 else { throw fail("Password is too long") }
        if requireUppercase, !password.unicodeScalars.contains(where: { ("A"..."Z").contains($0) }) {
            throw fail("Password must have uppercase characters")
        }
        if requireLowercase, !password.unicodeScalars.contains(where: { ("a"..."z").contains($0) }) {
            throw fail("Password must have lowercase characters")
        }
        if requireNumbers, !password.unicodeScalars.contains(where: { ("0"..."9").contains($0) }) {
            throw fail("Password must have numeric characters")
        }
        if requireSymbols, !password.unicodeScalars.contains(where: PasswordPolicy.isSymbol) {
            throw fail("Password must have symbol characters")
        }
    }

    static func isSymbol(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && scalar.value > 0x20 && scalar.value < 0x7f
            && !(("A"..."Z").contains(scalar) || ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar))
    }

    enum CodingKeys: String, CodingKey {
        case minimumLength = "minimum_length"
        case requireUppercase = "require_uppercase"
        case requireLowercase = "require_lowercase"
        case requireNumbers = "require_numbers"
        case requireSymbols = "require_symbols"
    }
}
