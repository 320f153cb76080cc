import Bus
import Hummingbird
import Model
import NIOCore

/// The web console at `GET /console`: HTML, CSS and JavaScript of our own, compiled into the binary
/// (`Resources/console`), so it works offline and in the Lambda shape alike. The page signs in through the
/// Cognito-compatible API and reads through the same REST API as any client; `GET /console/config.json` tells it
/// the local pool's app client (`auth.app_client`).
///
/// Every answer under `/console`, errors included, carries `securityHeaders`: log content is attacker-controlled,
/// so the page may run only its own script (no inline script, no `eval`), load nothing from elsewhere, and be
/// framed by nobody.
struct ConsoleEndpoint: Sendable {
    let bus: Bus

    /// One file of the console.
    struct Asset: Sendable {
        let contentType: String
        let bytes: ByteBuffer
    }

    static let assets: [String: Asset] = [
        "console.js": Asset(contentType: "text/javascript; charset=utf-8", bytes: ByteBuffer(bytes: PackageResources.console_js)),
        "console.css": Asset(contentType: "text/css; charset=utf-8", bytes: ByteBuffer(bytes: PackageResources.console_css)),
    ]
    static let page = Asset(contentType: "text/html; charset=utf-8", bytes: ByteBuffer(bytes: PackageResources.console_html))

    /// Content-Security-Policy (W3C CSP Level 3), plus the headers that keep the page from being sniffed as
    /// another type, framed (clickjacking) or named in a Referer.
    static let securityHeaders: HTTPFields = [
        .contentSecurityPolicy: "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        .xContentTypeOptions: "nosniff",
        .xFrameOptions: "DENY",
        .referrerPolicy: "no-referrer",
        .cacheControl: "no-cache",
    ]

    func register(on router: Router<GatewayContext>) {
        router.get("/console") { _, _ in ConsoleEndpoint.answer(ConsoleEndpoint.page) }
        router.get("/console/config.json") { _, context in
            do {
                return ConsoleEndpoint.secured(try JSONResponse.make(try await bus.request(Topics.authAppClient, AppClientRequest())))
            } catch let error as ServiceError where error.code == .unavailable {
                return ConsoleEndpoint.secured(JSONResponse.error(ServiceError(.notFound, "this process has no local user pool to sign in to")))
            } catch {
                return ConsoleEndpoint.secured(JSONResponse.error(ErrorMiddleware<GatewayContext>.serviceError(for: error, logger: context.logger)))
            }
        }
        router.get("/console/:file") { _, context in
            guard let asset = context.parameters.get("file").flatMap({ ConsoleEndpoint.assets[$0] }) else {
                return ConsoleEndpoint.secured(JSONResponse.error(ServiceError(.notFound, "the console has no such file")))
            }
            return ConsoleEndpoint.answer(asset)
        }
    }

    private static func answer(_ asset: Asset) -> Response {
        secured(Response(status: .ok, headers: [.contentType: asset.contentType], body: .init(byteBuffer: asset.bytes)))
    }

    private static func secured(_ response: Response) -> Response {
        var response = response
        for field in securityHeaders { response.headers[field.name] = field.value }
        return response
    }
}
