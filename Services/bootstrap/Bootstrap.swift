import Auth
import Composition
import Foundation
import Lambda
import Logging

/// The Lambda function: one of the `config/lambda-*.yaml` profiles (`LOGSVC_PROFILE`), serving API Gateway events
/// from the Runtime API (`AWS_LAMBDA_RUNTIME_API`) with the same router as `logsvc serve`.
@main
struct Bootstrap {
    static func main() async {
        let environment = ProcessInfo.processInfo.environment
        guard let api = environment["AWS_LAMBDA_RUNTIME_API"], !api.isEmpty else {
            FileHandle.standardError.write(Data("bootstrap: AWS_LAMBDA_RUNTIME_API is not set; this runs inside AWS Lambda\n".utf8))
            exit(1)
        }
        let runtime = LambdaRuntimeClient(runtimeAPI: api)
        ServiceLogging.restrictFileModes()
        var logger = Logger(label: "logsvc")
        let function: LambdaFunction
        do throws(StartFailure) {
            let profile = try required("LOGSVC_PROFILE", in: environment)
            let directory = environment["LOGSVC_CONFIG_DIR"] ?? (environment["LAMBDA_TASK_ROOT"] ?? ".") + "/config"
            let config: LogsvcSettings
            do {
                config = try ConfigurationLoader.load(path: "\(directory)/\(profile).yaml", environment: environment)
            } catch {
                throw StartFailure("invalid configuration: \(error)")
            }
            logger = ServiceLogging.bootstrap(level: config.logLevel, format: config.logFormat)
            let service: LogService
            do {
                service = try await LogService.start(config: config, dataDir: environment["LOGSVC_DATA_DIR"] ?? "/tmp/logsvc",
                                                     logger: logger)
            } catch {
                throw StartFailure(error.description)
            }
            function = LambdaFunction(router: service.router(), settings: config.lambda, principalRule: config.auth.principalRule, logger: logger)
            logger.notice("logsvc function ready", metadata: ["profile": "\(profile)", "modules": "\(config.modules.joined(separator: ","))"])
        } catch {
            logger.critical("cannot start: \(error.description)")
            try? await runtime.failInitialization(LambdaErrorReport(errorMessage: error.description, errorType: "Runtime.InitError"))
            exit(1)
        }
        do {
            try await function.run(on: runtime)
        } catch {
            logger.critical("the Runtime API failed: \(error.description)")
            exit(1)
        }
    }

    private static func required(_ name: String, in environment: [String: String]) throws(StartFailure) -> String {
        guard let value = environment[name], !value.isEmpty else { throw StartFailure("\(name) is not set") }
        return value
    }
}

/// Why the function could not start, for the Runtime API's init error.
struct StartFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }
}
