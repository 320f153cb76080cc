import Config
import Testing

@Suite("Scalars under the YAML 1.2 core schema")
struct ScalarTests {
    @Test("quoted scalars are always strings")
    func quotedScalarsAreStrings() throws {
        #expect(try decodeValue(String.self, "\"123\"") == "123")
        #expect(try decodeValue(String.self, "'true'") == "true")
        #expect(try decodeValue(String?.self, "\"null\"") == "null")
        #expect(throws: ConfigError.self) { try decodeValue(Int.self, "\"123\"") }
        #expect(throws: ConfigError.self) { try decodeValue(Bool.self, "\"true\"") }
        #expect(throws: ConfigError.self) { try decodeValue(Double.self, "'1.5'") }
        #expect(throws: ConfigError.self) { try decodeValue(Int.self, "!!str 7") }
    }

    @Test("a plain scalar may be read as a string whatever it looks like")
    func plainScalarsAreAlsoStrings() throws {
        #expect(try decodeValue(String.self, "123") == "123")
        #expect(try decodeValue(String.self, "true") == "true")
        #expect(try decodeValue(String.self, "1.50") == "1.50")
    }

    @Test("booleans are true and false in three capitalisations, nothing else")
    func booleans() throws {
        for spelling in ["true", "True", "TRUE"] {
            #expect(try decodeValue(Bool.self, spelling) == true)
        }
        for spelling in ["false", "False", "FALSE"] {
            #expect(try decodeValue(Bool.self, spelling) == false)
        }
        for spelling in ["yes", "on", "1", "tRUE"] {
            #expect(throws: ConfigError.self) { try decodeValue(Bool.self, spelling) }
        }
    }

    @Test("null, ~ and an empty plain value are nil; anything else is a value")
    func nulls() throws {
        for spelling in ["null", "Null", "NULL", "~", ""] {
            #expect(try decodeValue(Int?.self, spelling) == nil)
        }
        #expect(try decodeValue(Int?.self, "0") == 0)
    }

    @Test("integers decode into every width, checking the range")
    func integers() throws {
        #expect(try decodeValue(Int.self, "-42") == -42)
        #expect(try decodeValue(Int.self, "+42") == 42)
        #expect(try decodeValue(Int.self, "0x1F") == 31)
        #expect(try decodeValue(Int.self, "0o17") == 15)
        #expect(try decodeValue(Int8.self, "-128") == -128)
        #expect(try decodeValue(UInt16.self, "65535") == 65535)
        #expect(try decodeValue(UInt64.self, "18446744073709551615") == .max)
        #expect(try decodeValue(Int64.self, "-9223372036854775808") == .min)
        #expect(try decodeValue([Int32].self, "[1, -2]") == [1, -2])
        #expect(throws: ConfigError.self) { try decodeValue(Int.self, "1.5") }
        #expect(throws: ConfigError.self) { try decodeValue(Int.self, "1_000") }
    }

    @Test("an integer too large for its type names the value and the type")
    func integerOutOfRange() {
        #expect(configError { _ = try decodeValue(Int8.self, "300") }
            == ConfigError(file: "box.yaml", line: 1, column: 8, keyPath: "value",
                           message: "300 is out of range for Int8 (-128...127)"))
        #expect(configError { _ = try decodeValue(UInt16.self, "70000") }?.message
            == "70000 is out of range for UInt16 (0...65535)")
        #expect(configError { _ = try decodeValue(UInt16.self, "-1") }?.message
            == "-1 is out of range for UInt16 (0...65535)")
    }

    @Test("floats accept integers, fractions, exponents, infinities and NaN")
    func floats() throws {
        #expect(try decodeValue(Double.self, "1") == 1)
        #expect(try decodeValue(Double.self, "-2.5") == -2.5)
        #expect(try decodeValue(Double.self, ".5") == 0.5)
        #expect(try decodeValue(Double.self, "3.") == 3)
        #expect(try decodeValue(Double.self, "1e3") == 1000)
        #expect(try decodeValue(Double.self, "1.5E-1") == 0.15)
        #expect(try decodeValue(Double.self, ".inf") == .infinity)
        #expect(try decodeValue(Double.self, "-.Inf") == -.infinity)
        #expect(try decodeValue(Double.self, ".NaN").isNaN)
        #expect(try decodeValue(Float.self, "0.25") == 0.25)
        #expect(throws: ConfigError.self) { try decodeValue(Double.self, "1e") }
        #expect(throws: ConfigError.self) { try decodeValue(Double.self, "nan") }
        #expect(throws: ConfigError.self) { try decodeValue(Double.self, "0x10") }
        #expect(configError { _ = try decodeValue(Float.self, "1e40") }?.message == "1e40 is out of range for Float")
    }

    @Test("block scalars keep their text")
    func blockScalars() throws {
        let text = try YAMLDecoder().decode(Box<String>.self, from: "value: |\n  one\n  two\n", file: "f").value
        #expect(text == "one\ntwo\n")
    }
}
