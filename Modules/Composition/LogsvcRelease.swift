/// The release of this build, in Semantic Versioning 2.0.0 form; `logsvc --version` prints it.
/// The API's own version is the OpenAPI document's `info.version`.
public enum LogsvcRelease {
    public static let version = "0.16.0"
}
