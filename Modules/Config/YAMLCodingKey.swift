/// The coding key this decoder supplies itself: a sequence index, or a named key such as "super".
struct YAMLCodingKey: CodingKey {
    let stringValue: String
    let intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        self.intValue = nil
    }

    init(intValue: Int) {
        self.stringValue = "Index \(intValue)"
        self.intValue = intValue
    }

    static let superKey = YAMLCodingKey(stringValue: "super")
}
