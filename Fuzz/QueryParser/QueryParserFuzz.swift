// The query parser under libFuzzer (scripts/fuzz-query-parser builds and runs it): every input, valid UTF-8 or
// not, must parse or fail with a QuerySyntaxError, without a crash or a hang.
import QueryLanguage

@_cdecl("LLVMFuzzerTestOneInput")
public func queryParserFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = try? QueryParser.parse(text)
    return 0
}
