import Gateway
import Model
import Testing

@Suite("ServiceError at the edge")
struct ServiceErrorTests {
    @Test("maps every code to an HTTP status and a JSON-RPC code in the documented ranges")
    func mappings() {
        for code in ServiceError.Code.allCases {
            #expect((400...599).contains(code.httpStatus))
            #expect((-32099...(-32000)).contains(code.rpcCode) || [-32600, -32601, -32602, -32603].contains(code.rpcCode))
        }
        #expect(ServiceError.Code.overloaded.httpStatus == 503)
        #expect(ServiceError.Code.unauthenticated.httpStatus == 401)
        #expect(ServiceError.Code.payloadTooLarge.httpStatus == 413)
    }
}
